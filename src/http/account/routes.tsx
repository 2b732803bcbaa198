// Reader account pages: sign-in and sign-out, "Modifier le mot de passe" (forced after an initial password),
// forgotten password (request, emailed link), email confirmation, "Mes appareils", "Mon profil & mes frais".
// Handlers stay thin: read the form, call the service with the session's principal (never an id of a reader
// from the request), present. CSRF is checked for every POST by app.tsx's preHandler.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { AuthService } from '../../services/auth.service.js';
import type { PasswordResetService } from '../../services/password-reset.service.js';
import { PASSWORD_RESET_PATH } from '../../services/password-reset.service.js';
import type { ProfileService } from '../../services/profile.service.js';
import { EMAIL_CONFIRM_PATH } from '../../services/profile.service.js';
import { CAPTCHA_POW_SCRIPT, CAPTCHA_POW_SCRIPT_PATH, type CaptchaService } from '../../services/captcha.js';
import { AuthzError, requireReader, type Principal } from '../../authz/accounts.js';
import { accountMessage } from '../../domain/account-messages.js';
import { pageContext, sendPage } from '../portal/routes.js';
import { pickLang } from '../i18n.js';
import type { LayoutContext } from '../render.js';
import {
  CHANGE_PASSWORD_PATH,
  FORGOTTEN_PATH,
  clearSessionCookie,
  safeNext,
  sessionToken,
  setSessionCookie,
} from './session.js';
import {
  AccountHomePage,
  DevicesPage,
  ForgottenPage,
  MessageBody,
  PasswordPage,
  ProfileEditPage,
  ProfilePage,
  SignInPage,
  type FieldErrors,
} from './pages.js';

export interface AccountDeps {
  auth: AuthService;
  reset: PasswordResetService;
  profile: ProfileService;
  captcha: CaptchaService;
  /** cookies get Secure when BASE_URL is https */
  secureCookies: boolean;
}

type Form = Record<string, unknown>;
const field = (body: unknown, name: string): string => {
  const v = (body as Form | undefined)?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
};
const query = (req: FastifyRequest, name: string): string => field(req.query, name);

function groupErrors(lang: 'fr' | 'en', errors: Array<{ field: string; messageKey: string; params?: Record<string, number> }>): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) (out[e.field] ??= []).push(accountMessage(e.messageKey, lang, e.params ?? {}));
  return out;
}

export function registerAccount(app: FastifyInstance, deps: AccountDeps): void {
  const { auth, reset, profile, captcha, secureCookies } = deps;

  const page = (req: FastifyRequest, reply: FastifyReply, title: (ctx: LayoutContext) => string, body: (ctx: LayoutContext) => ComponentChildren, status = 200) => {
    reply.header('cache-control', 'no-store');
    const ctx = pageContext(req, reply);
    return sendPage(reply, ctx, title(ctx), body(ctx), status);
  };

  /** The principal of a page that needs one; redirects (sign-in, forced change) otherwise. */
  const signedIn = (req: FastifyRequest, reply: FastifyReply): Principal | null => {
    const p = req.auth?.principal;
    if (!p) {
      void reply.redirect(`/connexion?next=${encodeURIComponent(req.url)}`, 303);
      return null;
    }
    return p;
  };

  /** Maps a service's AuthzError to the page answer. */
  const authzAnswer = (e: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (!(e instanceof AuthzError)) throw e;
    if (e.code === 'SIGN_IN_REQUIRED') return reply.redirect(`/connexion?next=${encodeURIComponent(req.url)}`, 303);
    if (e.code === 'PASSWORD_CHANGE_REQUIRED') return reply.redirect(CHANGE_PASSWORD_PATH, 303);
    const status = e.code === 'NOT_FOUND' ? 404 : 403;
    return page(req, reply, (ctx) => ctx.t.account.homeTitle, (ctx) => <MessageBody title={ctx.t.account.homeTitle} text={accountMessage(`authz.${e.code}`, ctx.lang)} />, status);
  };

  // ---------------------------------------------------------------- sign-in, sign-out
  const signInPage = (req: FastifyRequest, reply: FastifyReply, v: { identifier: string; remember: boolean; next: string | null; error: string | null; info: string | null }, status = 200) =>
    page(req, reply, (ctx) => ctx.t.account.signInTitle, (ctx) => <SignInPage ctx={ctx} csrf={reply.generateCsrf()} {...v} />, status);

  app.get('/connexion', async (req, reply) => {
    const next = safeNext(query(req, 'next'));
    if (req.auth) return reply.redirect(req.auth.principal.mustChangePassword ? CHANGE_PASSWORD_PATH : (next ?? '/compte'), 303);
    const done = query(req, 'done');
    const info = done === 'reset' ? accountMessage('reset.done', pickLangOf(req)) : null;
    return signInPage(req, reply, { identifier: '', remember: false, next, error: null, info });
  });

  app.post('/connexion', async (req, reply) => {
    const identifier = field(req.body, 'identifier').slice(0, 320);
    const remember = field(req.body, 'remember') === 'on';
    const next = safeNext(field(req.body, 'next'));
    const r = await auth.signIn(identifier, field(req.body, 'password'), {
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      persistent: remember,
      previousToken: sessionToken(req),
    });
    if (r.ok) {
      setSessionCookie(reply, r.token, secureCookies, r.cookieMaxAgeSeconds);
      return reply.redirect(r.mustChangePassword ? CHANGE_PASSWORD_PATH : (next ?? '/compte'), 303);
    }
    const lang = pickLangOf(req);
    if (r.code === 'TOO_MANY_ATTEMPTS') reply.header('retry-after', String(r.retryAfterSeconds));
    const error = accountMessage(r.messageKey, lang, r.code === 'TOO_MANY_ATTEMPTS' ? r.params : {});
    return signInPage(req, reply, { identifier, remember, next, error, info: null }, r.code === 'TOO_MANY_ATTEMPTS' ? 429 : 401);
  });

  app.post('/deconnexion', async (req, reply) => {
    await auth.signOut(sessionToken(req));
    clearSessionCookie(reply, secureCookies);
    return reply.redirect('/', 303);
  });

  // ---------------------------------------------------------------- account home
  app.get('/compte', async (req, reply) => {
    const p = signedIn(req, reply);
    if (!p) return reply;
    // the header's "Mon compte" link, followed by a staff member: their home is the back office
    if (p.kind === 'staff') return reply.redirect(p.mustChangePassword ? CHANGE_PASSWORD_PATH : '/staff', 303);
    try {
      const me = requireReader(p);
      const info = query(req, 'done') === 'password' ? accountMessage('password.changed', pickLangOf(req)) : null;
      return page(req, reply, (ctx) => ctx.t.account.homeTitle, (ctx) => <AccountHomePage ctx={ctx} firstName={me.firstName} info={info} />);
    } catch (e) {
      return authzAnswer(e, req, reply);
    }
  });

  // ---------------------------------------------------------------- change password
  const passwordPage = async (req: FastifyRequest, reply: FastifyReply, p: Principal, errors: FieldErrors, error: string | null, status = 200) => {
    const { rules } = await auth.passwordPolicy(p);
    const lang = pickLangOf(req);
    return page(
      req,
      reply,
      (ctx) => ctx.t.account.changePassword,
      (ctx) => (
        <PasswordPage
          ctx={ctx}
          csrf={reply.generateCsrf()}
          action={CHANGE_PASSWORD_PATH}
          title={ctx.t.account.changePassword}
          withCurrent
          rules={rules}
          errors={errors}
          intro={p.mustChangePassword ? accountMessage('password.mustChange', lang) : null}
          error={error}
        />
      ),
      status,
    );
  };

  app.get(CHANGE_PASSWORD_PATH, async (req, reply) => {
    const p = signedIn(req, reply);
    if (!p) return reply;
    return passwordPage(req, reply, p, {}, null);
  });

  app.post(CHANGE_PASSWORD_PATH, async (req, reply) => {
    const p = signedIn(req, reply);
    if (!p) return reply;
    const r = await auth.changePassword(
      p,
      { current: field(req.body, 'current'), password: field(req.body, 'password'), confirmation: field(req.body, 'confirmation') },
      sessionToken(req),
    );
    const lang = pickLangOf(req);
    if (r.ok) {
      // the session id changes with the password (the service rotated it)
      setSessionCookie(reply, r.token, secureCookies, r.cookieMaxAgeSeconds);
      // staff change their password here too (stronger policy), then go back to the back office
      return reply.redirect(p.kind === 'staff' ? '/staff?done=password' : '/compte?done=password', 303);
    }
    if ('code' in r) {
      reply.header('retry-after', String(r.retryAfterSeconds));
      return passwordPage(req, reply, p, {}, accountMessage(r.messageKey, lang, r.params), 429);
    }
    return passwordPage(req, reply, p, groupErrors(lang, r.errors), null, 422);
  });

  // ---------------------------------------------------------------- forgotten password
  const forgottenPage = async (req: FastifyRequest, reply: FastifyReply, v: { identifier: string; email: string; info: string | null; error: string | null }, status = 200) => {
    const c = await captcha.create();
    return page(req, reply, (ctx) => ctx.t.account.forgotTitle, (ctx) => <ForgottenPage ctx={ctx} csrf={reply.generateCsrf()} captcha={c} {...v} />, status);
  };

  app.get(FORGOTTEN_PATH, async (req, reply) => forgottenPage(req, reply, { identifier: '', email: '', info: null, error: null }));

  app.post(FORGOTTEN_PATH, async (req, reply) => {
    const identifier = field(req.body, 'identifier').slice(0, 320);
    const email = field(req.body, 'email').slice(0, 320);
    const r = await reset.request({
      identifier,
      email,
      captcha: { id: field(req.body, 'captcha_id'), text: field(req.body, 'captcha_text') || null, powNonce: field(req.body, 'captcha_pow') || null },
    });
    const lang = pickLangOf(req);
    if (!r.ok) return forgottenPage(req, reply, { identifier, email, info: null, error: accountMessage(r.messageKey, lang) }, 422);
    return page(req, reply, (ctx) => ctx.t.account.forgotTitle, (ctx) => <MessageBody title={ctx.t.account.forgotTitle} text={accountMessage(r.messageKey, ctx.lang)} />);
  });

  app.get<{ Params: { file: string } }>('/captcha/:file', async (req, reply) => {
    const m = /^([A-Za-z0-9_-]{1,64})\.svg$/.exec(req.params.file);
    const svg = m ? await captcha.image(m[1]!, { title: accountMessage('captcha.imageLabel', pickLangOf(req)) }) : null;
    if (!svg) return reply.callNotFound();
    reply.header('cache-control', 'no-store');
    return reply.type('image/svg+xml').send(svg);
  });

  app.get(CAPTCHA_POW_SCRIPT_PATH, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return reply.type('text/javascript; charset=utf-8').send(CAPTCHA_POW_SCRIPT);
  });

  // ---------------------------------------------------------------- the emailed reset link
  const resetPage = async (req: FastifyRequest, reply: FastifyReply, token: string, errors: FieldErrors, status = 200) => {
    const c = await reset.check(token);
    if (!c.valid) {
      return page(
        req,
        reply,
        (ctx) => ctx.t.account.newPasswordTitle,
        (ctx) => <MessageBody title={ctx.t.account.newPasswordTitle} text={accountMessage('reset.tokenInvalid', ctx.lang)} link={{ href: FORGOTTEN_PATH, label: ctx.t.account.forgotten }} />,
        410,
      );
    }
    return page(
      req,
      reply,
      (ctx) => ctx.t.account.newPasswordTitle,
      (ctx) => (
        <PasswordPage ctx={ctx} csrf={reply.generateCsrf()} action={PASSWORD_RESET_PATH} title={ctx.t.account.newPasswordTitle} withCurrent={false} token={token} rules={c.rules} errors={errors} intro={null} error={null} />
      ),
      status,
    );
  };

  app.get(PASSWORD_RESET_PATH, async (req, reply) => {
    // the token leaves the address bar's Referer: same-origin referrer policy already, and no third-party resources
    return resetPage(req, reply, query(req, 'token'), {});
  });

  app.post(PASSWORD_RESET_PATH, async (req, reply) => {
    const token = field(req.body, 'token');
    const r = await reset.complete(token, { password: field(req.body, 'password'), confirmation: field(req.body, 'confirmation') });
    if (r.ok) {
      // every session of the reader ended, this browser's included
      clearSessionCookie(reply, secureCookies);
      return reply.redirect('/connexion?done=reset', 303);
    }
    if (r.code === 'TOKEN_INVALID') return resetPage(req, reply, token, {});
    return resetPage(req, reply, token, groupErrors(pickLangOf(req), r.errors), 422);
  });

  // ---------------------------------------------------------------- email confirmation link
  app.get(EMAIL_CONFIRM_PATH, async (req, reply) => {
    const r = await profile.confirmEmail(query(req, 'token'));
    return page(req, reply, (ctx) => ctx.t.account.email, (ctx) => <MessageBody title={ctx.t.account.email} text={accountMessage(r.messageKey, ctx.lang)} />, r.ok ? 200 : 410);
  });

  // ---------------------------------------------------------------- "Mes appareils"
  const devicesPage = async (req: FastifyRequest, reply: FastifyReply, p: Principal, ended: boolean) => {
    const sessions = await auth.listSessions(p, sessionToken(req));
    return page(req, reply, (ctx) => ctx.t.account.devices, (ctx) => <DevicesPage ctx={ctx} csrf={reply.generateCsrf()} sessions={sessions} info={ended ? ctx.t.account.sessionEnded : null} />);
  };

  app.get('/compte/appareils', async (req, reply) => {
    const p = signedIn(req, reply);
    if (!p) return reply;
    return devicesPage(req, reply, p, query(req, 'done') === 'ended');
  });

  app.post<{ Params: { id: string } }>('/compte/appareils/:id/fin', async (req, reply) => {
    const p = signedIn(req, reply);
    if (!p) return reply;
    const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : NaN;
    const current = req.auth?.sessionId === id;
    const r = await auth.endSession(p, id);
    if (!r.ok) return authzAnswer(new AuthzError('NOT_FOUND'), req, reply);
    if (current) {
      clearSessionCookie(reply, secureCookies);
      return reply.redirect('/', 303);
    }
    return reply.redirect('/compte/appareils?done=ended', 303);
  });

  app.post('/compte/appareils/autres/fin', async (req, reply) => {
    const p = signedIn(req, reply);
    if (!p) return reply;
    await auth.endOtherSessions(p, sessionToken(req));
    return reply.redirect('/compte/appareils?done=ended', 303);
  });

  // ---------------------------------------------------------------- "Mon profil & mes frais"
  app.get('/compte/profil', async (req, reply) => {
    const p = signedIn(req, reply);
    if (!p) return reply;
    try {
      const [pr, fees] = await Promise.all([profile.view(p), profile.myFees(p)]);
      const done = query(req, 'done');
      const lang = pickLangOf(req);
      const info = done === 'saved' ? accountMessage('profile.saved', lang) : done === 'email' ? accountMessage('email.confirmationSent', lang, { email: pr.pendingEmail ?? '' }) : null;
      return page(req, reply, (ctx) => ctx.t.account.profileTitle, (ctx) => <ProfilePage ctx={ctx} profile={pr} fees={fees} info={info} />);
    } catch (e) {
      return authzAnswer(e, req, reply);
    }
  });

  app.get('/compte/profil/modifier', async (req, reply) => {
    const p = signedIn(req, reply);
    if (!p) return reply;
    try {
      const pr = await profile.view(p);
      const values = { email: pr.email ?? '', phone: pr.phone ?? '', mobile: pr.mobile ?? '' };
      return page(req, reply, (ctx) => ctx.t.account.editProfile, (ctx) => <ProfileEditPage ctx={ctx} csrf={reply.generateCsrf()} values={values} errors={{}} />);
    } catch (e) {
      return authzAnswer(e, req, reply);
    }
  });

  app.post('/compte/profil/modifier', async (req, reply) => {
    const p = signedIn(req, reply);
    if (!p) return reply;
    const values = { email: field(req.body, 'email').slice(0, 320), phone: field(req.body, 'phone').slice(0, 100), mobile: field(req.body, 'mobile').slice(0, 100) };
    try {
      const r = await profile.updateContact(p, values);
      if (r.ok) return reply.redirect(`/compte/profil?done=${r.emailConfirmationSentTo ? 'email' : 'saved'}`, 303);
      const errors = groupErrors(pickLangOf(req), r.errors);
      return page(req, reply, (ctx) => ctx.t.account.editProfile, (ctx) => <ProfileEditPage ctx={ctx} csrf={reply.generateCsrf()} values={values} errors={errors} />, 422);
    } catch (e) {
      return authzAnswer(e, req, reply);
    }
  });
}

/** The request's language without touching the reply (pageContext sets the cookie). */
function pickLangOf(req: FastifyRequest): 'fr' | 'en' {
  return pickLang(req);
}
