// Wording for the sign-in's lifetime, drawn only by the launch screens (their own chunk).

/**
 * How long DeskDirector made the token last (`exp` − `iat`), for honest wording; null when
 * the token does not say when it was issued.
 */
export function tokenLifetimeMs(token: string): number | null {
  try {
    const b64 = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), '='))) as { iat?: unknown; exp?: unknown } | null;
    const { iat, exp } = claims ?? {};
    return typeof iat === 'number' && typeof exp === 'number' && exp > iat ? (exp - iat) * 1000 : null;
  } catch {
    return null;
  }
}

/** "2 minutes", "1 hour", "1 minute 30 seconds": a duration in words, to the second under ten minutes. */
export function durationInWords(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (total >= 3600 && total % 3600 === 0) return unit(total / 3600, 'hour');
  if (total >= 600) return unit(Math.round(total / 60), 'minute');
  const [m, sec] = [Math.floor(total / 60), total % 60];
  if (m === 0) return unit(sec, 'second');
  return sec === 0 ? unit(m, 'minute') : `${unit(m, 'minute')} ${unit(sec, 'second')}`;
}
