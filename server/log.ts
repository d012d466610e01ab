// Structured JSON logs (pino), one line per event. Nothing secret is ever passed in:
// callers log ids and kinds, never tokens, headers or bodies. Two nets catch a mistake
// anyway: pino's `redact` blanks fields named like credentials, and every string value
// is scrubbed of `DdAccessToken …`, `DdApi …`, `Bearer …` credentials, JWT-shaped text
// and passwords in URLs.
import pino from 'pino';

export interface Logger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const REDACTED = '[redacted]';

/** Field names that hold credentials, at the top level or one object down (e.g. `headers.authorization`). */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'apitoken',
  'apiToken',
  'ApiToken',
  'apiKey',
  'apikey',
  'token',
  'accessToken',
  'access_token',
  'secret',
  'webhookSecret',
  'password',
  'cookie',
  '"x-dd-signature"',
];
export const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`)];

const CREDENTIAL = /\b(DdAccessToken|DdApi|Bearer|ApiToken)([\s:=]+)[^\s"',;]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+/g;
/** `scheme://user:password@host` (a DATABASE_URL in a driver's error message). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)[^@/\s]+@/gi;

/** Replaces credentials written into free text. */
export function scrub(text: string): string {
  return text.replace(CREDENTIAL, `$1$2${REDACTED}`).replace(JWT, REDACTED).replace(URL_PASSWORD, `$1${REDACTED}@`);
}

function scrubDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth >= 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

/**
 * `write` receives one JSON line without its newline; the default is standard output.
 * Lines look like `{"level":"info","time":"…","service":"dd-directly-proxy","requestId":"…",…,"msg":"…"}`.
 */
export function createLogger(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`), level: LogLevel = 'info'): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'dd-directly-proxy' },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubDeep(object, 0) as Record<string, unknown>,
      },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      // Callers pass `{ name, message }`; a real Error keeps pino's shape (with its stack, server-side only).
      serializers: { err: (e: unknown) => (e instanceof Error ? pino.stdSerializers.err(e) : e) },
    },
    { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) },
  );
  return {
    info: (fields, msg) => logger.info(fields, scrub(msg)),
    warn: (fields, msg) => logger.warn(fields, scrub(msg)),
    error: (fields, msg) => logger.error(fields, scrub(msg)),
  };
}
