// The session cookie on every request: who is signed in (request.auth), the header's first name and sign-out
// token (request.viewer), and the gate that keeps a reader with an initial or staff-set password on
// "Modifier le mot de passe" until it is changed (authz/accounts.ts canOpenAccountPage).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService, AuthenticatedSession } from '../../services/auth.service.js';
import { canOpenAccountPage } from '../../authz/accounts.js';
import { PASSWORD_RESET_PATH } from '../../services/password-reset.service.js';
import { EMAIL_CONFIRM_PATH } from '../../services/profile.service.js';

export const SESSION_COOKIE = 'colophon_session';
export const CHANGE_PASSWORD_PATH = '/compte/mot-de-passe';
export const FORGOTTEN_PATH = '/compte/mot-de-passe/oublie';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthenticatedSession | null;
    viewer: { firstName: string; csrfToken: string; mustChangePassword: boolean } | null;
  }
}

/** Requests that never need a session (static files, the machine API, probes). */
function sessionless(url: string): boolean {
  return url.startsWith('/assets/') || url.startsWith('/api/') || url === '/health' || url === '/metrics' || url.startsWith('/captcha/');
}

/** Account pages a reader on an initial password may still open. */
function openDuringForcedChange(path: string): boolean {
  return path === CHANGE_PASSWORD_PATH || path === PASSWORD_RESET_PATH || path === EMAIL_CONFIRM_PATH || path === FORGOTTEN_PATH || path === '/deconnexion' || path === '/connexion' || !path.startsWith('/compte');
}

export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number | null) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, ...(maxAgeSeconds !== null ? { maxAge: maxAgeSeconds } : {}) };
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number | null): void {
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(secure, maxAgeSeconds));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function sessionToken(req: FastifyRequest): string | null {
  return req.cookies?.[SESSION_COOKIE] ?? null;
}

/** A local path to go back to after signing in (never another site: "//host" and "/\\host" are refused). */
export function safeNext(v: unknown): string | null {
  return typeof v === 'string' && /^\/(?![/\\])/.test(v) && v.length < 500 ? v : null;
}

export function registerSession(app: FastifyInstance, deps: { auth: AuthService }): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('viewer', null);

  app.addHook('onRequest', async (req) => {
    if (sessionless(req.url)) return;
    const token = sessionToken(req);
    if (token) req.auth = await deps.auth.authenticate(token, { ip: req.ip });
  });

  // After the body is parsed (CSRF is checked in an earlier preHandler): header data and the forced change gate.
  app.addHook('preHandler', async (req, reply) => {
    if (!req.auth) return;
    const p = req.auth.principal;
    const firstName = p.kind === 'reader' ? p.firstName : p.name.split(' ')[0] ?? p.name;
    req.viewer = { firstName, csrfToken: reply.generateCsrf(), mustChangePassword: p.mustChangePassword };
    const path = req.url.split('?')[0] ?? '/';
    if (p.mustChangePassword && !openDuringForcedChange(path) && !canOpenAccountPage(p, 'summary')) {
      return reply.redirect(CHANGE_PASSWORD_PATH, 303);
    }
  });
}
