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
}

/** Text containing this marker makes saveQuestion answer 500, so the demo can show an outage. */
export const SIMULATE_OUTAGE = 'simulate directly outage';

export function createDirectlySim(options: { apiToken: string; origin: string }): DirectlySim {
  const app = new Hono();
  const questions: SimQuestion[] = [];
  let saves = 0;
  let nextId = 218312;

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
    if (text.toLowerCase().includes(SIMULATE_OUTAGE)) return fail(c);
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

  return { app, questions, saveCalls: () => saves };
}
