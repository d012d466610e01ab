// The doctor's only way out to the network: GETs, plus one POST for the ticket search.
// Every failure becomes one short phrase (never a stack trace, never a secret), and a
// per-request deadline keeps a hanging server from hanging the doctor.

export type Failure = { ok: false; status: number | null; kind: 'http' | 'timeout' | 'html' | 'not-json' | 'network'; problem: string };
export type JsonAnswer = { ok: true; status: number; json: unknown } | Failure;
export type TextAnswer = { ok: true; status: number; text: string; url: string } | Failure;

export interface Probe {
  getJson(url: string, auth?: string): Promise<JsonAnswer>;
  getText(url: string, auth?: string): Promise<TextAnswer>;
  /** Any HTTP answer at all, whatever its status. */
  reach(url: string): Promise<{ ok: true; status: number } | Failure>;
  /** The one read that DeskDirector exposes as a POST; a second call is a bug in the doctor. */
  searchOnce(url: string, auth: string, body: unknown): Promise<JsonAnswer>;
}

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

const networkProblem = (e: unknown): string => {
  const code = ((e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code ?? '').toString();
  if (code === 'ECONNREFUSED') return 'refused the connection (nothing listens there)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'has a host name that does not resolve';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'dropped the connection';
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) return `failed the TLS handshake (${code})`;
  return code ? `could not be reached (${code})` : 'could not be reached';
};

const looksLikeHtml = (type: string, text: string) => type.includes('html') || /^\s*</.test(text);

export function createProbe(opts: { fetch?: typeof fetch; timeoutMs?: number }): Probe {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const seconds = `${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`}`;
  let searched = false;

  /** The deadline covers the body too, and holds even for a `fetch` that ignores its signal. */
  async function send<T>(url: string, init: RequestInit, read: (r: Response) => Promise<T>): Promise<T | Failure> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<Failure>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ ok: false, status: null, kind: 'timeout', problem: `did not answer within ${seconds}` });
      }, timeoutMs);
    });
    const attempt = (async () => {
      try {
        const res = await doFetch(url, { ...init, signal: controller.signal, redirect: 'follow' });
        return await read(res);
      } catch (e) {
        return { ok: false, status: null, kind: 'network', problem: networkProblem(e) } as Failure;
      }
    })();
    try {
      return await Promise.race([attempt, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  const headers = (auth?: string, json = false): Record<string, string> => ({
    Accept: json ? 'application/json' : '*/*',
    ...(auth ? { Authorization: auth } : {}),
  });

  const httpFailure = (status: number): Failure => ({
    ok: false,
    status,
    kind: 'http',
    problem: `answered ${status}${reasons[status] ? ` ${reasons[status]}` : ''}`,
  });

  const readJson = async (res: Response): Promise<JsonAnswer> => {
    const text = await res.text();
    if (!res.ok) return httpFailure(res.status);
    const type = res.headers.get('content-type') ?? '';
    if (looksLikeHtml(type, text)) return { ok: false, status: res.status, kind: 'html', problem: 'answered an HTML page where JSON was expected' };
    try {
      return { ok: true, status: res.status, json: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
    } catch {
      return {
        ok: false,
        status: res.status,
        kind: 'not-json',
        problem: `answered ${text.trim() ? 'text that is not JSON' : 'an empty body'} where JSON was expected`,
      };
    }
  };

  return {
    getJson: (url, auth) => send(url, { method: 'GET', headers: headers(auth, true) }, readJson),
    getText: (url, auth) =>
      send(url, { method: 'GET', headers: headers(auth) }, async (res): Promise<TextAnswer> => {
        const text = await res.text();
        return res.ok ? { ok: true, status: res.status, text, url: res.url || url } : httpFailure(res.status);
      }),
    reach: (url) =>
      send(url, { method: 'GET', headers: headers() }, async (res) => {
        await res.body?.cancel().catch(() => undefined);
        return { ok: true as const, status: res.status };
      }),
    searchOnce: (url, auth, body) => {
      if (searched) throw new Error('the doctor sends one ticket search only');
      searched = true;
      return send(url, { method: 'POST', headers: { ...headers(auth, true), 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, readJson);
    },
  };
}

/** `GET /path` for messages: the request without the host or query. */
export const shortUrl = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
