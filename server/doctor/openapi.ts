// Reads an OpenAPI 3 or Swagger 2 document into what the doctor compares: each
// operation's method and full path, and the property names of its JSON request body.

export interface Operation {
  method: string;
  /** With the document's base path, as written (`/api/v2/tickets/{id}`). */
  path: string;
  /** Property names of the JSON body, or null when the document gives no schema. */
  bodyFields: string[] | null;
}

type Raw = Record<string, unknown>;
const isRecord = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);
const methods = ['get', 'post', 'put', 'patch', 'delete'];

/** Compares templates with parameter names normalised, case and trailing slash ignored. */
export const pathKey = (path: string) =>
  path
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\/+$/, '')
    .toLowerCase();

export function isDocument(x: unknown): x is Raw {
  return isRecord(x) && isRecord(x.paths) && (typeof x.openapi === 'string' || typeof x.swagger === 'string');
}

function basePath(doc: Raw): string {
  if (typeof doc.basePath === 'string') return doc.basePath.replace(/\/+$/, '');
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  const first = servers[0];
  if (isRecord(first) && typeof first.url === 'string') {
    try {
      return new URL(first.url, 'http://x').pathname.replace(/\/+$/, '');
    } catch {
      return '';
    }
  }
  return '';
}

/** A local `$ref` (`#/components/schemas/X`) resolved, or the value itself. */
function deref(doc: Raw, x: unknown): unknown {
  if (!isRecord(x) || typeof x.$ref !== 'string' || !x.$ref.startsWith('#/')) return x;
  let target: unknown = doc;
  for (const part of x.$ref.slice(2).split('/')) target = isRecord(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return target;
}

/** Follows local `$ref`s and merges `allOf`, a few levels deep. */
function properties(doc: Raw, schema: unknown, depth = 0): string[] | null {
  if (!isRecord(schema) || depth > 6) return null;
  if (typeof schema.$ref === 'string') return properties(doc, deref(doc, schema), depth + 1);
  const own = isRecord(schema.properties) ? Object.keys(schema.properties) : [];
  const parts = Array.isArray(schema.allOf) ? schema.allOf.map((s) => properties(doc, s, depth + 1) ?? []) : [];
  const all = [...own, ...parts.flat()];
  return all.length || isRecord(schema.properties) ? [...new Set(all)] : null;
}

function bodySchema(op: Raw): unknown {
  if (isRecord(op.requestBody) && isRecord(op.requestBody.content)) {
    const content = op.requestBody.content;
    const type = Object.keys(content).find((t) => t.includes('json')) ?? Object.keys(content)[0];
    const media = type ? content[type] : undefined;
    return isRecord(media) ? media.schema : undefined;
  }
  const params = Array.isArray(op.parameters) ? op.parameters : [];
  const body = params.find((p) => isRecord(p) && p.in === 'body');
  return isRecord(body) ? body.schema : undefined;
}

export function operationsOf(doc: Raw): Operation[] {
  const base = basePath(doc);
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Raw)) {
    if (!isRecord(item)) continue;
    for (const method of methods) {
      const op = item[method];
      if (!isRecord(op)) continue;
      // A body may itself be a reference to components/requestBodies.
      const withBody = op.requestBody === undefined ? op : { ...op, requestBody: deref(doc, op.requestBody) };
      out.push({ method: method.toUpperCase(), path: `${base}${path.startsWith('/') ? path : `/${path}`}`, bodyFields: properties(doc, bodySchema(withBody)) });
    }
  }
  return out;
}

/** Property names of a JSON schema as the connector's schema endpoints answer it (plain, wrapped, or an array of it). */
export function schemaFields(schema: unknown): string[] | null {
  if (!isRecord(schema)) return null;
  if (isRecord(schema.properties)) return Object.keys(schema.properties);
  for (const inner of [schema.schema, schema.items]) {
    const found = schemaFields(inner);
    if (found) return found;
  }
  return null;
}

/** The property names under one property of a schema (`ticket` in `{ticket: {properties}}`), if it is an object. */
export function nestedFields(schema: unknown, name: string): string[] | null {
  if (!isRecord(schema)) return null;
  if (isRecord(schema.properties)) return schemaFields(schema.properties[name]);
  for (const inner of [schema.schema, schema.items]) {
    const found = nestedFields(inner, name);
    if (found) return found;
  }
  return null;
}
