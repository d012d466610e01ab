// Calls to our own proxy, as the signed-in DeskDirector user.
import ky, { isHTTPError, isTimeoutError, type KyInstance, type Options, type StandardSchemaV1, type StandardSchemaV1InferOutput } from 'ky';
import { APP_HEADER, type Escalation, HOST_HEADER } from '../../common/contract.ts';
import type { ErrorCode } from '../../common/error-body.ts';
import type { Launch } from './launch.ts';

export class ProxyError extends Error {
  override name = 'ProxyError';
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly fields: Record<string, string>;
  readonly escalation: Escalation | undefined;
  readonly requestId: string | undefined;
  /** When trying again can help, as the proxy said. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    status: number,
    code: ProxyError['code'],
    message: string,
    extra: {
      fields?: Record<string, string> | undefined;
      escalation?: Escalation | undefined;
      requestId?: string | undefined;
      retryAfterSeconds?: number | undefined;
    } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = extra.fields ?? {};
    this.escalation = extra.escalation;
    this.requestId = extra.requestId;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

type CallOptions = Pick<Options, 'searchParams' | 'signal' | 'json' | 'headers' | 'keepalive'>;
type Reply<S extends StandardSchemaV1> = Promise<StandardSchemaV1InferOutput<S>>;

/** The proxy's API: every answer checked against its schema, every failure a ProxyError. */
export interface ProxyApi {
  get<S extends StandardSchemaV1>(path: string, schema: S, opts?: CallOptions): Reply<S>;
  post<S extends StandardSchemaV1>(path: string, schema: S, opts?: CallOptions): Reply<S>;
  /** For calls whose answer the page does not read. */
  put(path: string, opts?: CallOptions): Promise<void>;
  blob(path: string, opts?: CallOptions): Promise<Blob>;
}

/** The proxy's error envelope, read into a ProxyError (null when the body is not one): proxy-refusal.ts. */
export type ReadRefusal = (status: number, body: unknown) => ProxyError | null;

/**
 * `loadReadRefusal` brings the envelope's reader, which comes with the chunk the first
 * screen goes without: only a refusal needs it, and the proxy that refused can serve it.
 */
export function createProxyApi(launch: Launch, beforeRequest: () => void, loadReadRefusal: () => Promise<ReadRefusal>): ProxyApi {
  const proxy: KyInstance = ky.create({
    baseUrl: new URL('/api/', document.baseURI).href,
    timeout: 30_000,
    // The query client retries what a retry can fix; ky never does.
    retry: 0,
    credentials: 'omit',
    headers: { Authorization: `DdAccessToken ${launch.token}`, [HOST_HEADER]: launch.host, [APP_HEADER]: launch.app },
    hooks: { beforeRequest: [() => beforeRequest()] },
  });
  /** Runs a proxy call; any failure but a cancellation comes out as a ProxyError. */
  const proxyCall = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw await toProxyError(error, loadReadRefusal);
    }
  };
  return {
    get: (path, schema, opts) => proxyCall(() => proxy.get(path, opts).json(schema)),
    post: (path, schema, opts) => proxyCall(() => proxy.post(path, opts).json(schema)),
    put: (path, opts) => proxyCall(async () => void (await proxy.put(path, opts))),
    blob: (path, opts) => proxyCall(() => proxy.get(path, opts).blob()),
  };
}

/** Turns any failure of a proxy call into a ProxyError with a message fit for the user. */
async function toProxyError(error: unknown, loadReadRefusal: () => Promise<ReadRefusal>): Promise<ProxyError> {
  if (error instanceof ProxyError) return error;
  if (isHTTPError(error)) {
    const { status } = error.response;
    const read = await loadReadRefusal().catch(() => null);
    return read?.(status, error.data) ?? new ProxyError(status, 'internal', `The escalation service answered ${status}. Nothing you typed is lost; try again.`);
  }
  if (isTimeoutError(error)) return new ProxyError(0, 'network', 'The escalation service did not answer in time. Nothing you typed is lost; try again.');
  return new ProxyError(0, 'network', 'The escalation service could not be reached. Check your connection; nothing you typed is lost.');
}
