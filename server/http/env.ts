import type { Caller } from '../services.ts';
import type { Timing } from './request-context.ts';

export type Env = { Variables: { requestId: string; caller: Caller; timing: Timing } };
