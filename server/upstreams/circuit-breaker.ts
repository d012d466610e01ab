// After `failureThreshold` failures in a row every call fails at once (nothing sent) for
// `cooldownMs`; then one trial call goes out (half-open), and its outcome closes the
// circuit again or reopens it for another cool-down.

export interface BreakerOptions {
  /** Failures in a row that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails calls without sending them. */
  cooldownMs: number;
  now?: () => number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** A call the breaker held back: it was never sent. */
export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
  readonly failures: number;
  readonly retryAfterMs: number;
  constructor(failures: number, retryAfterMs: number) {
    super(`failed ${failures} times in a row; trying again in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.failures = failures;
    this.retryAfterMs = retryAfterMs;
  }
}

export interface CircuitBreaker {
  state(): BreakerState;
  /** Runs `fn` if the circuit lets a call through, else throws CircuitOpenError. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** Every failure of a call counts; any call that resolves closes the circuit. */
export function createCircuitBreaker(opts: BreakerOptions): CircuitBreaker {
  const now = opts.now ?? (() => Date.now());
  let failures = 0;
  let openedAt: number | null = null;
  let trialInFlight = false;

  const state = (): BreakerState => (openedAt === null ? 'closed' : now() - openedAt >= opts.cooldownMs ? 'half-open' : 'open');

  return {
    state,
    async run(fn) {
      const s = state();
      if (s === 'open' || (s === 'half-open' && trialInFlight)) {
        throw new CircuitOpenError(failures, s === 'open' ? opts.cooldownMs - (now() - openedAt!) : 1_000);
      }
      const trial = s === 'half-open';
      if (trial) trialInFlight = true;
      try {
        const result = await fn();
        failures = 0;
        openedAt = null;
        return result;
      } catch (e) {
        failures += 1;
        // A failed trial reopens at once; otherwise the threshold decides.
        if (trial || failures >= opts.failureThreshold) openedAt = now();
        throw e;
      } finally {
        if (trial) trialInFlight = false;
      }
    },
  };
}
