import type { Caller } from '../services.ts';

export type Env = { Variables: { requestId: string; caller: Caller; timing: Timing } };

/** Where a request's time went (the Server-Timing header; `npm run bench` adds it up). */
export interface Timing {
  /** Times `work` from now until it settles, under `name`; spans may overlap. */
  time<T>(name: string, work: Promise<T>): Promise<T>;
  /** A span timed by its caller, for work done without waiting. */
  span(name: string, ms: number): void;
  /** The header's value: each span, then `app`, the whole time in the proxy's handler. */
  header(appMs: number): string;
}
