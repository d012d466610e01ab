// Tokens shaped like DeskDirector's access tokens: a JWT that lasts 60 minutes and
// cannot be refreshed. The simulator signs them with HS256 so it can check them; the
// page never verifies a signature, it only reads `exp`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DdApp } from '../../common/deskdirector.ts';

export interface SimClaims {
  sub: string;
  app: DdApp;
  /** The instance that issued the token; another instance refuses it. */
  iss: string;
  iat: number;
  exp: number;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function mintToken(secret: string, claims: Omit<SimClaims, 'iat' | 'exp'>, lifetimeSeconds = 3600, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ ...claims, iat, exp: iat + lifetimeSeconds }));
  const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

export function verifyToken(secret: string, token: string, now = Date.now()): SimClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, sig] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SimClaims;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
    return claims;
  } catch {
    return null;
  }
}
