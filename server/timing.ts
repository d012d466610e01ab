// Where a request's time went, sent as a Server-Timing header when SERVER_TIMING=true
// (browsers' developer tools show it; `npm run bench` adds it up). Off by default: the
// upstreams' timings are nobody's business but the operator's.
export interface Timing {
  /** Times `work` from now until it settles, under `name`; spans may overlap. */
  time<T>(name: string, work: Promise<T>): Promise<T>;
  /** The header's value: each span, then `app`, the whole time in the proxy's handler. */
  header(appMs: number): string;
}

export function createTiming(): Timing {
  const spans: Array<[string, number]> = [];
  return {
    async time(name, work) {
      const started = performance.now();
      try {
        return await work;
      } finally {
        spans.push([name, performance.now() - started]);
      }
    },
    header: (appMs) => [...spans, ['app', appMs] as const].map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`).join(', '),
  };
}
