import { sValidator } from '@hono/standard-validator';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { ApiError, invalidFields, tooLarge } from '../errors.ts';

type Schema = v.GenericSchema;

/** The field a problem belongs to: its first path key, or the body as a whole. */
const fieldsOf = (issues: ReadonlyArray<StandardSchemaV1.Issue | v.BaseIssue<unknown>>) =>
  issues.map((i) => ({ path: (i.path ?? []).map((p) => (typeof p === 'object' && p !== null && 'key' in p ? p.key : p) as PropertyKey), message: i.message }));

/** `value` as `schema` reads it, or a 400 naming each field's problem. */
export function parsed<S extends Schema>(schema: S, value: unknown, message = 'Some fields need attention.'): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw invalidFields(message, fieldsOf(result.issues));
  return result.output;
}

/** The path's parameters or the query, checked before the handler runs (`c.req.valid(target)`). */
export const validate = <T extends 'param' | 'query', S extends Schema>(target: T, schema: S, message = 'Some fields need attention.') =>
  sValidator(target, schema, (result) => {
    if (!result.success) throw invalidFields(message, fieldsOf(result.error));
  });

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
