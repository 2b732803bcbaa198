// Notice pages: the reader's "Mes messages" and "Mes avis", the unsubscribe link of optional notices (with the
// one-click POST of RFC 8058), and, through registerNoticeStaffPages, the back office's notices to print and
// failed jobs. Thin handlers: the signed-in principal goes to the service, which decides (another reader's
// message is not found); CSRF is checked by app.tsx for every POST but the one-click unsubscribe.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/connect.js';
import { OPTIONAL_NOTICES, type NoticesService, type OptionalNotice } from '../../services/notices.service.js';
import { PrintNoticesService } from '../../services/print-notices.service.js';
import { AuthzError } from '../../authz/accounts.js';
import { pageContext } from '../portal/routes.js';
import { accountPage, readerPage as guardReader } from './reader-page.js';
import { MESSAGES_PATH, MessagePage, MessagesPage, NOTICE_PREFS_PATH, NoticePrefsPage, UNSUBSCRIBE_PATH, UnsubscribePage } from './messages-pages.js';
import { registerNoticeStaffPages } from '../staff/notices-routes.js';

export { UNSUBSCRIBE_PATH };

type Form = Record<string, unknown>;
const field = (body: unknown, name: string, max = 200): string => {
  const v = (body as Form | undefined)?.[name];
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  return s.slice(0, max);
};

export interface NoticePagesDeps {
  notices: NoticesService;
  db: Db;
  /** the clock of "Relancer" and of "printed" (tests) */
  now?: () => Date;
}

export function registerNoticePages(app: FastifyInstance, deps: NoticePagesDeps): void {
  const { notices } = deps;

  const page = accountPage;
  const readerPage = (fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => guardReader((ctx) => ctx.t.myMessages.title, fn);

  // ---------------------------------------------------------------- "Mes messages"
  app.get(
    MESSAGES_PATH,
    readerPage(async (req, reply) => {
      const messages = await notices.myMessages(req.auth?.principal);
      return page(req, reply, (ctx) => ctx.t.myMessages.title, (ctx) => <MessagesPage ctx={ctx} messages={messages} />);
    }),
  );

  app.get<{ Params: { id: string } }>(
    `${MESSAGES_PATH}/:id`,
    readerPage(async (req, reply) => {
      const raw = (req.params as { id: string }).id;
      if (!/^\d{1,10}$/.test(raw)) throw new AuthzError('NOT_FOUND');
      // another reader's message: not found, as an unknown one
      const message = await notices.myMessage(req.auth?.principal, Number(raw));
      return page(req, reply, () => message.subject, (ctx) => <MessagePage ctx={ctx} message={message} />);
    }),
  );

  // ---------------------------------------------------------------- "Mes avis"
  const prefsPage = async (req: FastifyRequest, reply: FastifyReply, info: string | null) => {
    const prefs = await notices.preferences(req.auth?.principal);
    return page(req, reply, (ctx) => ctx.t.noticePrefs.title, (ctx) => <NoticePrefsPage ctx={ctx} csrf={reply.generateCsrf()} prefs={prefs} info={info} />);
  };

  app.get(
    NOTICE_PREFS_PATH,
    readerPage(async (req, reply) => prefsPage(req, reply, field(req.query, 'done', 20) === 'saved' ? pageContext(req, reply).t.noticePrefs.saved : null)),
  );

  app.post(
    NOTICE_PREFS_PATH,
    readerPage(async (req, reply) => {
      // an unticked checkbox is not sent: every optional notice absent from the form is turned off
      const wanted = Object.fromEntries(OPTIONAL_NOTICES.map((kind) => [kind, field(req.body, kind, 10) === 'on'])) as Record<OptionalNotice, boolean>;
      await notices.setPreferences(req.auth?.principal, wanted);
      return reply.redirect(`${NOTICE_PREFS_PATH}?done=saved`, 303);
    }),
  );

  // ---------------------------------------------------------------- the unsubscribe link (no sign-in)
  /** r, k and t of the link, kept as they came (bounded): the service checks them. */
  const linkParams = (req: FastifyRequest) => ({ r: field(req.query, 'r', 12), k: field(req.query, 'k', 40), t: field(req.query, 't', 100) });
  const unsubscribePage = (req: FastifyRequest, reply: FastifyReply, outcome: 'ask' | 'done' | 'invalid', status = 200) => {
    const action = `${UNSUBSCRIBE_PATH}?${new URLSearchParams(linkParams(req)).toString()}`;
    // the page carries the signed link: never in a cache, never sent on as a Referer (same-origin policy already)
    return page(req, reply, (ctx) => ctx.t.unsubscribe.title, (ctx) => <UnsubscribePage ctx={ctx} action={action} outcome={outcome} />, status);
  };

  // Following the link only asks: a GET must not unsubscribe (link scanners and previews follow links).
  app.get(UNSUBSCRIBE_PATH, async (req, reply) => unsubscribePage(req, reply, 'ask'));

  // The button of that page, and the one-click POST of mail clients (RFC 8058: body "List-Unsubscribe=One-Click",
  // form-urlencoded or multipart, no cookie, no form token). Exempt from CSRF in app.tsx: the HMAC token of
  // the link authenticates the request. A wrong link gets the same neutral page with 400 (nothing revealed).
  void app.register(async (scope) => {
    // whatever the body's type (multipart/form-data included), it is not needed: the link says it all
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_req, _body, done) => done(null, {}));
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_req, _body, done) => done(null, {}));
    scope.post(UNSUBSCRIBE_PATH, async (req, reply) => {
      const { r, k, t } = linkParams(req);
      const ok = await notices.unsubscribe(r, k, t);
      return unsubscribePage(req, reply, ok ? 'done' : 'invalid', ok ? 200 : 400);
    });
  });

  registerNoticeStaffPages(app, { printNotices: new PrintNoticesService({ db: deps.db, now: deps.now }), notices, db: deps.db, now: deps.now });
}
