// A small validator for the shapes that the page and the proxy share. The page's bundle
// has a budget (test/server/bundle-budget.test.ts) and zod 4 alone would eat most of it,
// so code the browser loads validates with this instead; zod stays on the proxy for what
// only the proxy reads (server/schemas.ts, server/config.ts).
//
// It keeps zod 4's semantics for JSON values: objects strip unknown keys (or refuse them
// when strict), issues come in the order zod reports them, with the same paths and, for
// the built-in checks, the messages of zod's English locale. Every schema is also a
// Standard Schema, so ky's `.json(schema)` takes it. Kept small on purpose: it is in the
// page's initial bundle.

export type PathKey = string | number;

export interface Issue {
  readonly path: PathKey[];
  readonly message: string;
}

export type SafeParseResult<T> =
  | { success: true; data: T; error?: undefined }
  | { success: false; data?: undefined; error: { issues: Issue[] } };

type Optionality = 'required' | 'optional' | 'defaulted';

export interface Schema<O, I = O, Opt extends Optionality = 'required'> {
  /** Checks `value` at `path`, adds what is wrong to `issues`, returns the output (meaningless once issues were added). */
  readonly run: (value: unknown, path: PathKey[], issues: Issue[]) => O;
  readonly opt?: Opt;
  safeParse(value: unknown): SafeParseResult<O>;
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => { value: O; issues?: undefined } | { issues: readonly Issue[]; value?: undefined };
    readonly types?: { readonly input: I; readonly output: O };
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = Schema<any, any, Optionality>;
export type Infer<S extends Any> = S extends Schema<infer O, unknown, Optionality> ? O : never;
export type Input<S extends Any> = S extends Schema<unknown, infer I, Optionality> ? I : never;

/* @__NO_SIDE_EFFECTS__ */
function schema<O, I = O, Opt extends Optionality = 'required'>(run: Schema<O, I, Opt>['run']): Schema<O, I, Opt> {
  const safeParse = (value: unknown): SafeParseResult<O> => {
    const issues: Issue[] = [];
    const data = run(value, [], issues);
    return issues.length > 0 ? { success: false, error: { issues } } : { success: true, data };
  };
  return {
    run,
    safeParse,
    '~standard': {
      version: 1,
      vendor: 'dd-directly',
      validate(value) {
        const r = safeParse(value);
        return r.success ? { value: r.data } : { issues: r.error.issues };
      },
    },
  };
}

/** zod 4's name for what it got instead, as its English messages show it (for JSON values). */
const received = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const invalidType = (expected: string, v: unknown, path: PathKey[], issues: Issue[]): void => {
  issues.push({ path, message: `Invalid input: expected ${expected}, received ${received(v)}` });
};

/** A check on an already typed value: `message` when `ok` says no. */
export type Check<T> = (value: T, path: PathKey[], issues: Issue[]) => void;

export const check = /* @__NO_SIDE_EFFECTS__ */
  <T>(ok: (value: T) => boolean, message: string): Check<T> =>
  (value, path, issues) => {
    if (!ok(value)) issues.push({ path, message });
  };

/** zod 4's `.min(n)` on a string: at least `n` UTF-16 code units. */
export const minLength = /* @__NO_SIDE_EFFECTS__ */ (n: number, message = `Too small: expected string to have >=${n} characters`): Check<string> =>
  check((s) => s.length >= n, message);
export const maxLength = /* @__NO_SIDE_EFFECTS__ */ (n: number, message = `Too big: expected string to have <=${n} characters`): Check<string> =>
  check((s) => s.length <= n, message);

/* @__NO_SIDE_EFFECTS__ */
function primitive<T>(expected: string, is: (v: unknown) => v is T, checks: Array<Check<T>>): Schema<T> {
  return schema((v, path, issues) => {
    if (!is(v)) invalidType(expected, v, path, issues);
    else for (const c of checks) c(v, path, issues);
    return v as T;
  });
}

export const string = /* @__NO_SIDE_EFFECTS__ */ (...checks: Array<Check<string>>): Schema<string> =>
  primitive('string', (v): v is string => typeof v === 'string', checks);

/** Finite numbers only, as zod 4's `z.number()`. */
export const number = /* @__NO_SIDE_EFFECTS__ */ (...checks: Array<Check<number>>): Schema<number> =>
  primitive('number', (v): v is number => typeof v === 'number' && Number.isFinite(v), checks);

/** zod 4's `z.number().int()`: a safe integer. */
export const int = /* @__NO_SIDE_EFFECTS__ */ (...checks: Array<Check<number>>): Schema<number> =>
  primitive('int', (v): v is number => Number.isSafeInteger(v), checks);

export const nonnegative: Check<number> = check((n) => n >= 0, 'Too small: expected number to be >=0');

export const boolean = /* @__NO_SIDE_EFFECTS__ */ (): Schema<boolean> => primitive('boolean', (v): v is boolean => typeof v === 'boolean', []);

/** zod 4's `z.enum([...])`. */
export const enumOf = /* @__NO_SIDE_EFFECTS__ */ <const T extends readonly string[]>(values: T): Schema<T[number]> =>
  schema((v, path, issues) => {
    if (!values.includes(v as string)) issues.push({ path, message: `Invalid option: expected one of ${values.map((x) => `"${x}"`).join('|')}` });
    return v as T[number];
  });

export const optional = /* @__NO_SIDE_EFFECTS__ */ <O, I>(s: Schema<O, I, Optionality>): Schema<O | undefined, I | undefined, 'optional'> =>
  schema((v, path, issues) => (v === undefined ? undefined : s.run(v, path, issues)));

export const nullable = /* @__NO_SIDE_EFFECTS__ */ <O, I, Opt extends Optionality>(s: Schema<O, I, Opt>): Schema<O | null, I | null, Opt> =>
  schema((v, path, issues) => (v === null ? null : s.run(v, path, issues)));

export const nullish = /* @__NO_SIDE_EFFECTS__ */ <O, I>(s: Schema<O, I, Optionality>): Schema<O | null | undefined, I | null | undefined, 'optional'> =>
  schema((v, path, issues) => (v === undefined || v === null ? v : s.run(v, path, issues)));

/** zod 4's `.default(value)`: `undefined` becomes a fresh copy of the default, which is not checked. */
export const withDefault = /* @__NO_SIDE_EFFECTS__ */ <O, I>(s: Schema<O, I, Optionality>, value: () => NoInfer<O>): Schema<O, I | undefined, 'defaulted'> =>
  schema((v, path, issues) => (v === undefined ? value() : s.run(v, path, issues)));

/** zod 4's `a.transform(fn).pipe(b)`: `b` checks what `fn` made of a valid `a`. */
export const pipe = /* @__NO_SIDE_EFFECTS__ */ <A, I, B>(a: Schema<A, I>, fn: (value: A) => B, b: Schema<B, unknown>): Schema<B, I> =>
  schema((v, path, issues) => {
    const before = issues.length;
    const out = a.run(v, path, issues);
    return issues.length > before ? (out as unknown as B) : b.run(fn(out), path, issues);
  });

export const array = /* @__NO_SIDE_EFFECTS__ */ <O, I>(item: Schema<O, I, Optionality>): Schema<O[], I[]> =>
  schema((v, path, issues) => {
    if (!Array.isArray(v)) {
      invalidType('array', v, path, issues);
      return [];
    }
    return v.map((x, i) => item.run(x, [...path, i], issues));
  });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

type Shape = Record<string, Any>;
type Flat<T> = { [K in keyof T]: T[K] } & {};
type KeysWhere<S extends Shape, Opt extends Optionality> = { [K in keyof S]: S[K] extends Schema<unknown, unknown, Opt> ? K : never }[keyof S];
type ObjectOut<S extends Shape> = Flat<
  { [K in Exclude<keyof S, KeysWhere<S, 'optional'>>]: Infer<S[K]> } & { [K in KeysWhere<S, 'optional'>]?: Infer<S[K]> }
>;
type ObjectIn<S extends Shape> = Flat<
  { [K in Exclude<keyof S, KeysWhere<S, 'optional'> | KeysWhere<S, 'defaulted'>>]: Input<S[K]> } & {
    [K in KeysWhere<S, 'optional'> | KeysWhere<S, 'defaulted'>]?: Input<S[K]>;
  }
>;

export interface ObjectSchema<S extends Shape> extends Schema<ObjectOut<S>, ObjectIn<S>> {
  readonly shape: S;
  readonly strict: boolean;
}

/**
 * zod 4's `z.object(shape)`: unknown keys are dropped; with `strict`, `.strict()`: they
 * are refused, in one issue after the fields' own.
 */
/* @__NO_SIDE_EFFECTS__ */
export function object<S extends Shape>(shape: S, strict = false): ObjectSchema<S> {
  const s = schema<ObjectOut<S>, ObjectIn<S>>((v, path, issues) => {
    if (!isObject(v)) {
      invalidType('object', v, path, issues);
      return v as ObjectOut<S>;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      const value = shape[key]!.run(v[key], [...path, key], issues);
      if (value !== undefined || key in v) out[key] = value;
    }
    if (strict) {
      const extra = Object.keys(v).filter((k) => !Object.hasOwn(shape, k));
      if (extra.length > 0) {
        issues.push({ path, message: `Unrecognized key${extra.length > 1 ? 's' : ''}: ${extra.map((k) => `"${k}"`).join(', ')}` });
      }
    }
    return out as ObjectOut<S>;
  });
  return { ...s, shape, strict };
}

/** zod 4's `a.extend(more)`. */
export const extend = /* @__NO_SIDE_EFFECTS__ */ <S extends Shape, M extends Shape>(base: ObjectSchema<S>, more: M): ObjectSchema<Omit<S, keyof M> & M> =>
  object({ ...base.shape, ...more } as Omit<S, keyof M> & M, base.strict);

/** zod 4's `z.record(key, value)` for string keys: a bad key is one `invalid_key` issue at its path. */
export const record = /* @__NO_SIDE_EFFECTS__ */ <V, VI>(key: Schema<string, unknown>, value: Schema<V, VI, Optionality>): Schema<Record<string, V>, Record<string, VI>> =>
  schema((v, path, issues) => {
    if (!isObject(v)) {
      invalidType('record', v, path, issues);
      return {};
    }
    const out: Record<string, V> = {};
    for (const k of Object.keys(v)) {
      if (k === '__proto__') continue;
      const at = [...path, k];
      const keyIssues: Issue[] = [];
      key.run(k, at, keyIssues);
      if (keyIssues.length > 0) issues.push({ path: at, message: 'Invalid key in record' });
      else out[k] = value.run(v[k], at, issues);
    }
    return out;
  });

/** Any value the function accepts; `fn` returns the output or `undefined` when the value is refused. */
export const custom = /* @__NO_SIDE_EFFECTS__ */ <O>(fn: (value: unknown) => O | undefined, message = 'Invalid input'): Schema<O> =>
  schema((v, path, issues) => {
    const out = fn(v);
    if (out === undefined) issues.push({ path, message });
    return out as O;
  });

/** Tests' and scripts' `schema.parse(value)`: the output, or an error listing the issues. */
export function parse<O>(s: Schema<O, unknown, Optionality>, value: unknown): O {
  const r = s.safeParse(value);
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  return r.data;
}
