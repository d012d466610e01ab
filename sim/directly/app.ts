// A simulated Directly Help Desk API: saveQuestion and closeQuestion as documented
// (form-encoded, ApiToken header, 200 with {question}, bare 500 on error).
import { Hono, type Context } from 'hono';

export interface SimQuestion {
  id: number;
  helpDeskId: string;
  url: string;
  status: string;
  /** Every form field as received, in order, for tests to compare with the seed. */
  fields: Array<[string, string]>;
}

export interface DirectlySim {
  app: Hono;
  questions: SimQuestion[];
  /** Number of saveQuestion calls that reached the handler, failed or not. */
  saveCalls: () => number;
  /** Every saveQuestion answers 500 for `ms` from now; 0 ends an outage. */
  outage: (ms: number) => void;
}

/**
 * Text containing this marker starts an outage (every saveQuestion answers 500 for
 * `outageMs`), so the demo can show one. Tries of the same question (same helpDeskId)
 * after it ends go through: Directly is back.
 */
export const SIMULATE_OUTAGE = 'simulate directly outage';
export const OUTAGE_MS = 60_000;

export function createDirectlySim(options: { apiToken: string; origin: string; outageMs?: number }): DirectlySim {
  const app = new Hono();
  const questions: SimQuestion[] = [];
  let saves = 0;
  let nextId = 218312;
  let downUntil = 0;
  const outageStartedBy = new Set<string>();

  // Documented errors are a bare "Status 500"; an unknown token is assumed to be one too.
  const fail = (c: Context) => c.body(null, 500);

  async function form(c: Context): Promise<Array<[string, string]> | null> {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) return null;
    return [...new URLSearchParams(await c.req.text())];
  }
  const authorized = (c: Context, fields: Array<[string, string]>) =>
    (c.req.header('apitoken') ?? fields.find(([k]) => k === 'apiToken')?.[1]) === options.apiToken;

  app.post('/helpDesk/saveQuestion', async (c) => {
    saves += 1;
    const fields = await form(c);
    if (!fields || !authorized(c, fields)) return fail(c);
    const get = (k: string) => fields.find(([key]) => key === k)?.[1]?.trim() ?? '';
    const text = get('text');
    const helpDeskId = get('helpDeskId');
    if (!text || !helpDeskId || !get('emailAddress').includes('@')) return fail(c);
    if (text.toLowerCase().includes(SIMULATE_OUTAGE) && !outageStartedBy.has(helpDeskId)) {
      outageStartedBy.add(helpDeskId);
      downUntil = Date.now() + (options.outageMs ?? OUTAGE_MS);
    }
    if (Date.now() < downUntil) return fail(c);
    const id = nextId++;
    const slug = (get('subject') || text)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
    const question: SimQuestion = { id, helpDeskId, url: `${options.origin}/p/${slug}-${id}`, status: '0 answers', fields };
    questions.push(question);
    return c.json({ question: { id, url: question.url, status: question.status, isEscalated: false, answers: [] } });
  });

  app.post('/helpDesk/closeQuestion', async (c) => {
    const fields = await form(c);
    if (!fields || !authorized(c, fields)) return fail(c);
    const helpDeskId = fields.find(([k]) => k === 'helpDeskId')?.[1];
    const question = [...questions].reverse().find((q) => q.helpDeskId === helpDeskId && q.status !== 'CLOSED');
    if (!question) return fail(c);
    question.status = 'CLOSED';
    return c.json({ question: { id: question.id, url: question.url, status: question.status } });
  });

  // A question's public page, so the link the user gets leads somewhere in the demo.
  app.get('/p/:slug', (c) => {
    const question = questions.find((q) => c.req.param('slug').endsWith(`-${q.id}`));
    if (!question) return c.text('Question not found', 404);
    const subject = question.fields.find(([k]) => k === 'subject')?.[1] ?? question.fields.find(([k]) => k === 'text')?.[1];
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Directly question ${question.id}</title></head><body style="font:16px system-ui;margin:2rem"><p>Simulated Directly</p><h1>${(subject ?? '').replace(/[&<>"']/g, '')}</h1><p>Status: ${question.status}</p></body></html>`,
    );
  });

  return { app, questions, saveCalls: () => saves, outage: (ms) => (downUntil = Date.now() + ms) };
}
