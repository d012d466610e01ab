// Directly's Help Desk API: the form encoding of saveQuestion and the two calls.
// Neither call is ever retried: a second saveQuestion for one ticket is undocumented.
import * as v from 'valibot';
import type { DirectlyQuestion } from '../../common/directly-question.ts';
import { CircuitOpenError, type CircuitBreaker } from './circuit-breaker.ts';
import { createHttpClient, HttpStatusError, HttpTimeoutError } from './http-client.ts';

/** Field order follows the seed sample: text, emailAddress, fullname, helpDeskId, metadata. */
export function encodeSaveQuestion(q: DirectlyQuestion): URLSearchParams {
  const body = new URLSearchParams();
  body.append('text', q.text);
  body.append('emailAddress', q.emailAddress);
  body.append('fullname', q.fullname);
  body.append('helpDeskId', q.helpDeskId);
  if (q.subject) body.append('subject', q.subject);
  if (q.questionCategory) body.append('questionCategory', q.questionCategory);
  if (q.isEliteOnly) body.append('isEliteOnly', 'on');
  for (const [key, value] of q.visible) body.append(`metadata[${key}]`, value);
  for (const [group, entries] of q.hidden) {
    for (const [key, value] of entries) body.append(`metadata[${group}][${key}]`, value);
  }
  return body;
}

const questionSchema = v.object({
  question: v.object({ id: v.pipe(v.number(), v.safeInteger()), url: v.pipe(v.string(), v.url()), status: v.string() }),
});
export type DirectlyAnswer = v.InferOutput<typeof questionSchema>['question'];

/** `circuit-open`: not sent at all, because Directly failed too often just now. */
export type DirectlyFailure = 'http' | 'timeout' | 'network' | 'bad-body' | 'circuit-open';

export class DirectlyError extends Error {
  override name = 'DirectlyError';
  readonly kind: DirectlyFailure;
  readonly status: number | undefined;
  /** For `circuit-open`: how long until Directly is tried again. */
  readonly retryAfterMs: number | undefined;
  constructor(kind: DirectlyFailure, message: string, status?: number, retryAfterMs?: number) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
  /** True when Directly may have acted on the call even though we saw no answer. */
  get ambiguous(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'bad-body';
  }
}

export interface DirectlyClient {
  saveQuestion(q: DirectlyQuestion): Promise<DirectlyAnswer>;
  closeQuestion(helpDeskId: string): Promise<DirectlyAnswer>;
}

/** `breaker` stops calling Directly while it keeps failing (see circuit-breaker.ts). */
export function createDirectlyClient(opts: { baseUrl: string; apiToken: string; timeoutMs: number; breaker: CircuitBreaker }): DirectlyClient {
  const api = createHttpClient({ baseUrl: `${opts.baseUrl}/helpDesk`, headers: { ApiToken: opts.apiToken }, timeoutMs: opts.timeoutMs });

  // Messages name the operation and the status only: Directly's body is never read into them.
  async function send(op: string, body: URLSearchParams): Promise<DirectlyAnswer> {
    let raw: unknown;
    try {
      raw = await api.json(`/${op}`, { method: 'POST', form: body });
    } catch (error) {
      if (error instanceof HttpStatusError) throw new DirectlyError('http', `Directly ${op} answered ${error.status}`, error.status);
      if (error instanceof HttpTimeoutError) throw new DirectlyError('timeout', `Directly ${op} did not answer within ${opts.timeoutMs} ms`);
      if (error instanceof SyntaxError) throw new DirectlyError('bad-body', `Directly ${op} answered with a body that is not JSON`);
      throw new DirectlyError('network', `Directly ${op} could not be reached`);
    }
    const parsed = v.safeParse(questionSchema, raw);
    if (!parsed.success) throw new DirectlyError('bad-body', `Directly ${op} answered with an unexpected shape`);
    return parsed.output.question;
  }

  const call = (op: string, body: URLSearchParams) =>
    opts.breaker
      .run(() => send(op, body))
      .catch((e: unknown) => {
        if (e instanceof CircuitOpenError) throw new DirectlyError('circuit-open', `Directly ${op} not sent: Directly ${e.message}`, undefined, e.retryAfterMs);
        throw e;
      });

  // The link reaches the DeskDirector note, the page and the CSV: only Directly's own
  // address, over https (http only when Directly itself is configured so, as the simulator is).
  const base = new URL(opts.baseUrl);
  const isDirectlyLink = (raw: string) => {
    const url = URL.parse(raw);
    return (
      url !== null &&
      url.host === base.host &&
      (url.protocol === 'https:' || (url.protocol === 'http:' && base.protocol === 'http:')) &&
      !url.username &&
      !url.password
    );
  };

  return {
    saveQuestion: async (q) => {
      const answer = await call('saveQuestion', encodeSaveQuestion(q));
      // Directly did answer, so the question may well exist: an unknown outcome, never a resend.
      if (!isDirectlyLink(answer.url)) throw new DirectlyError('bad-body', 'Directly saveQuestion answered with a question link that is not on Directly');
      return answer;
    },
    closeQuestion: (helpDeskId) => call('closeQuestion', new URLSearchParams({ helpDeskId })),
  };
}
