import type { Context, Hono } from 'hono';
import { ticketStatuses } from './data.ts';
import { CONNECTOR } from './api.ts';
import type { SimDialect } from './dialect.ts';

// What a real instance publishes about itself, for `npm run doctor`: a Swagger UI page
// naming its document, the document (the paths this simulator implements, no more), and
// the connector's per-instance schemas and lists.

type Op = { method: 'get' | 'post'; path: string; security?: 'DdAccessToken' | 'DdApi'; body?: Record<string, unknown> };

const boards = [
  { id: '1', name: 'Help Desk' },
  { id: '2', name: 'Projects' },
];

export const statusChangedEvent = { id: 'TicketStatusChanged', name: 'When a ticket status is changed' };

function operations(d: SimDialect): Op[] {
  const caller = 'DdAccessToken' as const;
  const key = 'DdApi' as const;
  // Both searches share one schema by reference, as Swashbuckle writes a shared model.
  const find = { $ref: '#/components/schemas/FindTicketsBody' };
  const note = {
    type: 'object',
    required: [d.note.text],
    properties: { [d.note.text]: { type: 'string', maxLength: 10000 }, [d.note.isInternal]: { type: 'boolean' } },
  };
  return [
    { method: 'get', path: d.paths.portalMe, security: caller },
    { method: 'get', path: d.paths.techMe, security: caller },
    { method: 'post', path: d.paths.portalTicketsFind, security: caller, body: find },
    { method: 'get', path: d.paths.portalTicket, security: caller },
    { method: 'post', path: d.paths.techTicketsFind, security: caller, body: find },
    { method: 'get', path: d.paths.techTicket, security: caller },
    { method: 'post', path: d.paths.addNote, security: key, body: note },
    { method: 'get', path: d.paths.listNotes, security: key },
    { method: 'get', path: `${CONNECTOR}/tickets/{ticketId}`, security: key },
    { method: 'post', path: `${CONNECTOR}/tickets/find`, security: key },
    { method: 'get', path: `${CONNECTOR}/schema/dynamic-types/{typeId}`, security: key },
    { method: 'get', path: `${CONNECTOR}/service/boards`, security: key },
    { method: 'get', path: `${CONNECTOR}/service/statuses`, security: key },
    { method: 'get', path: `${CONNECTOR}/ticket-workflow-events`, security: key },
    { method: 'get', path: `${CONNECTOR}/schema/ticket-workflow-webhook/$request`, security: key },
    { method: 'post', path: `${CONNECTOR}/ticket-workflows`, security: key },
  ];
}

/** An OpenAPI 3 document of the simulated instance, in the shape Swashbuckle serves. */
export function swaggerDocument(d: SimDialect): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations(d)) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const requestBody = op.body ? { requestBody: { content: { 'application/json': { schema: op.body } } } } : {};
    (paths[op.path] ??= {})[op.method] = {
      parameters: params,
      ...requestBody,
      security: [{ [op.security ?? 'DdApi']: [] }],
      responses: { 200: { description: 'OK' } },
    };
  }
  const f = d.find;
  const findBody = {
    type: 'object',
    properties: {
      [f.take]: { type: 'integer', minimum: 1, maximum: 100 },
      [f.skip]: { type: 'integer', minimum: 0 },
      [f.search]: { type: 'string' },
      [f.openOnly]: { type: 'boolean' },
    },
  };
  return { openapi: '3.0.1', info: { title: 'DeskDirector API (simulated)', version: 'v1' }, paths, components: { schemas: { FindTicketsBody: findBody } } };
}

const objectSchema = (names: string[]) => ({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, {}])) });

/** The connector's dynamic types, in the dialect's words. */
function dynamicType(d: SimDialect, typeId: string): Record<string, unknown> | null {
  const sample = d.ticket({
    id: 1,
    summary: '',
    description: '',
    status: { id: 1, name: '' },
    isClosed: false,
    board: null,
    priority: null,
    type: null,
    contact: { id: 1, name: '' },
    company: null,
    createdOn: '',
    updatedOn: '',
  });
  switch (typeId) {
    case 'TicketDetails':
      return objectSchema(Object.keys(sample));
    case 'FindTicketsRequest':
      return objectSchema(Object.values(d.connectorFind));
    case 'FindTicketsResponse':
      return objectSchema(Object.keys(d.list([], 0)));
    default:
      return null;
  }
}

export function registerSwagger(app: Hono, d: SimDialect, keyOk: (c: Context) => boolean): void {
  // The variant serves its document only with the API key, as some instances do.
  const guarded = d.name === 'variant';
  const denied = (c: Context) => c.json({ errorCode: 'Unauthorized', message: 'API key is missing or invalid.' }, 401);
  app.get('/swagger', (c) => c.redirect('/swagger/index.html', 301));
  app.get('/swagger/index.html', (c) =>
    c.html(
      '<!doctype html><html><head><title>Swagger UI</title></head><body><div id="swagger-ui"></div><script src="./swagger-ui-bundle.js"></script><script src="./index.js"></script></body></html>',
    ),
  );
  app.get('/swagger/index.js', (c) => {
    c.header('Content-Type', 'application/javascript');
    return c.body(
      `var configObject = JSON.parse('{"urls":[{"url":"v1/swagger.json","name":"DeskDirector API v1"}],"deepLinking":false}');\nwindow.onload = function () { SwaggerUIBundle(configObject); };`,
    );
  });
  app.get('/swagger/v1/swagger.json', (c) => (guarded && !keyOk(c) ? denied(c) : c.json(swaggerDocument(d))));

  const list = (results: unknown[]) => ({ results, totalResults: results.length });
  app.get(`${CONNECTOR}/schema/dynamic-types/:typeId`, (c) => {
    if (!keyOk(c)) return denied(c);
    const schema = dynamicType(d, c.req.param('typeId'));
    return schema ? c.json(schema) : c.json({ errorCode: 'NotFound', message: 'Unknown type.' }, 404);
  });
  app.get(`${CONNECTOR}/service/boards`, (c) => (keyOk(c) ? c.json(list(boards)) : denied(c)));
  app.get(`${CONNECTOR}/service/statuses`, (c) => {
    if (!keyOk(c)) return denied(c);
    if (!c.req.query('boardId')) return c.json({ errorCode: 'BadRequest', message: 'boardId is required.' }, 400);
    return c.json(list(ticketStatuses.map((s) => ({ id: String(s.id), name: s.name }))));
  });
  app.get(`${CONNECTOR}/ticket-workflow-events`, (c) => (keyOk(c) ? c.json(list([statusChangedEvent])) : denied(c)));
  app.get(`${CONNECTOR}/schema/ticket-workflow-webhook/$request`, (c) => {
    if (!keyOk(c)) return denied(c);
    if (c.req.query('type') !== statusChangedEvent.id) return c.json({ errorCode: 'NotFound', message: 'Unknown event type.' }, 404);
    const item = objectSchema(Object.keys(webhookEntity(d, { id: 1, status: { id: 1, name: '' }, isClosed: false })));
    return c.json({ type: 'array', items: item });
  });
}

/** The ticket as a status-change delivery carries it, in the dialect's words. */
export function webhookEntity(
  d: SimDialect,
  t: { id: number; status: { id?: number | null; name: string }; isClosed?: boolean | undefined } & Record<string, unknown>,
): Record<string, unknown> {
  const full = d.ticket({
    summary: '',
    description: null,
    board: null,
    priority: null,
    type: null,
    contact: { id: 0, name: '' },
    company: null,
    createdOn: '',
    updatedOn: null,
    ...t,
  } as never);
  const keep =
    d.name === 'variant'
      ? ['entityId', 'summary', 'status', 'isClosed', 'queue', 'account', 'modifiedOn']
      : ['id', 'summary', 'status', 'isClosed', 'board', 'company', 'updatedOn'];
  return Object.fromEntries(keep.map((k) => [k, full[k]]));
}
