import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { ApiError, invalidFields, tooLarge } from '../errors.ts';

/** `value` as `schema` reads it, or a 400 naming each field's problem. */
export function parsed<S extends z.ZodType>(schema: S, value: unknown, message = 'Some fields need attention.'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidFields(message, result.error.issues);
  return result.data;
}

/**
 * The path's parameters or the query, checked before the handler runs (`c.req.valid(target)`).
 * A repeated query key counts once, by its first value, as c.req.query() reads it.
 */
export const validate = <T extends 'param' | 'query', S extends z.ZodType>(target: T, schema: S, message?: string) =>
  validator(target, (_value, c: Context) => parsed(schema, target === 'query' ? c.req.query() : c.req.param(), message) as z.output<S>);

export const readJson = (c: Context): Promise<unknown> =>
  c.req.json().catch(() => {
    throw new ApiError(400, 'invalid_request', 'The request body must be JSON.');
  });

/** Refuses a body over `maxSize` bytes with a 413 that names this limit. */
export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge(maxSize);
    },
  });
