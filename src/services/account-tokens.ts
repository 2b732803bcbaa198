// Secrets handed to a browser or sent by email (session ids, reset and confirmation links): 32 random bytes,
// base64url; the database keeps only their SHA-256, so reading it does not give anyone a working secret.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as it may come from a cookie or a link: 43 base64url characters, anything else is no token. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}
