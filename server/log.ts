// Structured JSON logs. Nothing secret is ever passed in: callers log ids and kinds,
// never tokens, headers or bodies.
export interface Logger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export function createLogger(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`), level: 'info' | 'warn' | 'silent' = 'info'): Logger {
  const emit = (lvl: string) => (fields: Record<string, unknown>, msg: string) => {
    if (level === 'silent' || (level === 'warn' && lvl === 'info')) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }));
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
