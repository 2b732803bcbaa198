// What every reader page handler shares: a no-store page in the layout, and the wrapper that lets only a signed-in
// reader in (sign-in and the forced password change redirect; other refusals become 403 and 404 pages).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { AuthzError, requireReader } from '../../authz/accounts.js';
import { accountMessage } from '../../domain/account-messages.js';
import { pageContext, sendPage } from '../portal/routes.js';
import type { LayoutContext } from '../render.js';
import { CHANGE_PASSWORD_PATH } from './session.js';
import { MessageBody } from './pages.js';

export function accountPage(req: FastifyRequest, reply: FastifyReply, title: (ctx: LayoutContext) => string, body: (ctx: LayoutContext) => ComponentChildren, status = 200): string {
  reply.header('cache-control', 'no-store');
  const ctx = pageContext(req, reply);
  return sendPage(reply, ctx, title(ctx), body(ctx), status);
}

/** Wraps a reader page handler; `title` names the refusal page. */
export function readerPage(title: (ctx: LayoutContext) => string, fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      requireReader(req.auth?.principal);
      return await fn(req, reply);
    } catch (e) {
      if (!(e instanceof AuthzError)) throw e;
      if (e.code === 'SIGN_IN_REQUIRED') return reply.redirect(`/connexion?next=${encodeURIComponent(req.url)}`, 303);
      if (e.code === 'PASSWORD_CHANGE_REQUIRED') return reply.redirect(CHANGE_PASSWORD_PATH, 303);
      return accountPage(req, reply, title, (ctx) => <MessageBody title={title(ctx)} text={accountMessage(`authz.${e.code}`, ctx.lang)} />, e.code === 'NOT_FOUND' ? 404 : 403);
    }
  };
}
