// The staff back office (/staff): sign-in, home, readers (search, create, edit, reset to the initial
// password, fees and payments), the email outbox.
//
// Handlers stay thin: check the session is a staff member's (a reader's session gets a 403 page, never staff
// data; a staff member who must change their password is sent to "Modifier le mot de passe"), read the form,
// call the service with the staff principal, present. Services enforce who may do what (authz/accounts.ts)
// and throw AuthzError, mapped here to 403 and 404 pages. CSRF is checked for every POST by app.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { AuthService } from '../../services/auth.service.js';
import { parisToday, READER_SEARCH_LIMIT, type ReaderAdminService, type ReaderFormChoices } from '../../services/reader-admin.service.js';
import type { ProfileService } from '../../services/profile.service.js';
import type { OutboxService } from '../../services/outbox.service.js';
import type { ReaderRecord } from '../../repositories/account-readers.repository.js';
import { AuthzError, canEditReader, canManageFees, type StaffPrincipal } from '../../authz/accounts.js';
import { accountMessage } from '../../domain/account-messages.js';
import { normaliseCardNumber } from '../../domain/identifiers.js';
import type { RawReaderFields } from '../../domain/reader-fields.js';
import { pageContext, sendPage } from '../portal/routes.js';
import { messages, pickLang } from '../i18n.js';
import type { LayoutContext } from '../render.js';
import { CHANGE_PASSWORD_PATH, clearSessionCookie, safeNext, sessionToken, setSessionCookie } from '../account/session.js';
import { MessageBody, type FieldErrors } from '../account/pages.js';
import {
  OutboxMessagePage,
  OutboxPage,
  READER_FORM_FIELDS,
  ReaderFormPage,
  ReaderPage,
  ReadersPage,
  StaffFrame,
  StaffHomePage,
  StaffSignInPage,
  STAFF_HOME,
  type FeeForms,
  type ReaderFormValues,
  type StaffSection,
} from './pages.js';

export interface StaffDeps {
  auth: AuthService;
  readers: ReaderAdminService;
  profile: ProfileService;
  outbox: OutboxService;
  /** cookies get Secure when BASE_URL is https */
  secureCookies: boolean;
}

type Form = Record<string, unknown>;
const field = (body: unknown, name: string, max = 500): string => {
  const v = (body as Form | undefined)?.[name];
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  return s.slice(0, max);
};

/** A database id from the URL, or null (then the page is a 404). */
function idParam(v: string | undefined): number | null {
  if (!v || !/^\d{1,10}$/.test(v)) return null;
  const n = Number(v);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

/** Only back-office pages after signing in ("//host" and other sites are refused by safeNext). */
function staffNext(v: unknown): string | null {
  const n = safeNext(v);
  return n && (n === STAFF_HOME || n.startsWith(`${STAFF_HOME}/`) || n.startsWith(`${STAFF_HOME}?`)) ? n : null;
}

const dmy = (iso: string | null | undefined) => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
};

function formValues(body: unknown): ReaderFormValues {
  const v = {} as ReaderFormValues;
  for (const name of READER_FORM_FIELDS) v[name] = field(body, name, 320);
  return v;
}

function recordValues(r: ReaderRecord): ReaderFormValues {
  return {
    cardNumber: r.cardNumber,
    lastName: r.lastName,
    firstName: r.firstName,
    birthDate: dmy(r.birthDate),
    email: r.email ?? '',
    phone: r.phone ?? '',
    mobile: r.mobile ?? '',
    categoryCode: r.categoryCode,
    homeLibraryCode: r.homeLibraryCode,
    membershipExpires: dmy(r.membershipExpires),
    language: r.language,
  };
}

function groupErrors(lang: 'fr' | 'en', errors: Array<{ field: string; messageKey: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) (out[e.field] ??= []).push(accountMessage(e.messageKey, lang));
  return out;
}

const NO_FEE_FORMS: FeeForms = { add: { values: { reason: '', label: '', amount: '' }, errors: {} }, pay: null };

export function registerStaff(app: FastifyInstance, deps: StaffDeps): void {
  const { auth, readers, profile, outbox, secureCookies } = deps;

  /** A page in the staff frame (menu) when a staff member is signed in; `url` is the page's GET address (language links). */
  const page = (
    req: FastifyRequest,
    reply: FastifyReply,
    o: { title: (ctx: LayoutContext) => string; body: (ctx: LayoutContext) => ComponentChildren; staff?: StaffPrincipal | null; section?: StaffSection | null; status?: number; url?: string },
  ) => {
    reply.header('cache-control', 'no-store');
    const ctx = pageContext(req, reply, undefined, o.url ? { url: o.url } : {});
    const title = `${o.title(ctx)} · ${ctx.t.staff.area}`;
    const body = o.staff ? (
      <StaffFrame ctx={ctx} staff={o.staff} csrf={reply.generateCsrf()} current={o.section ?? null}>
        {o.body(ctx)}
      </StaffFrame>
    ) : (
      o.body(ctx)
    );
    return sendPage(reply, ctx, title, body, o.status ?? 200);
  };

  const staffOnly = (req: FastifyRequest, reply: FastifyReply) =>
    page(req, reply, { title: (ctx) => ctx.t.staff.staffOnlyTitle, body: (ctx) => <MessageBody title={ctx.t.staff.staffOnlyTitle} text={ctx.t.staff.staffOnlyText} />, status: 403 });

  /**
   * The staff member of a back-office page, or null once the answer is sent: signed out -> the staff sign-in
   * (coming back here after), a reader -> 403, a staff member who must change their password -> that page.
   */
  const gate = (req: FastifyRequest, reply: FastifyReply): StaffPrincipal | null => {
    const p = req.auth?.principal;
    if (!p) {
      void reply.redirect(req.method === 'GET' ? `${STAFF_HOME}?next=${encodeURIComponent(req.url)}` : STAFF_HOME, 303);
      return null;
    }
    if (p.kind !== 'staff') {
      void reply.send(staffOnly(req, reply));
      return null;
    }
    if (p.mustChangePassword) {
      void reply.redirect(CHANGE_PASSWORD_PATH, 303);
      return null;
    }
    return p;
  };

  const notFound = (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal) =>
    page(req, reply, { staff, title: (ctx) => ctx.t.errors.notFoundTitle, body: (ctx) => <MessageBody title={ctx.t.errors.notFoundTitle} text={ctx.t.errors.notFoundText} />, status: 404 });

  /** Maps a service's AuthzError to the page answer. */
  const authzAnswer = (e: unknown, req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal) => {
    if (!(e instanceof AuthzError)) throw e;
    if (e.code === 'SIGN_IN_REQUIRED') return reply.redirect(STAFF_HOME, 303);
    if (e.code === 'PASSWORD_CHANGE_REQUIRED') return reply.redirect(CHANGE_PASSWORD_PATH, 303);
    if (e.code === 'NOT_FOUND') return notFound(req, reply, staff);
    return page(req, reply, {
      staff,
      title: (ctx) => ctx.t.staff.area,
      body: (ctx) => <MessageBody title={ctx.t.staff.area} text={accountMessage('authz.FORBIDDEN', ctx.lang)} />,
      status: 403,
    });
  };

  // ---------------------------------------------------------------- sign-in, home, sign-out
  const signInPage = (req: FastifyRequest, reply: FastifyReply, v: { login: string; next: string | null; error: string | null }, status = 200) => {
    const readerSignedIn = req.auth?.principal.kind === 'reader';
    return page(req, reply, {
      title: (ctx) => ctx.t.staff.signInTitle,
      body: (ctx) => <StaffSignInPage ctx={ctx} csrf={reply.generateCsrf()} readerSignedIn={readerSignedIn} {...v} />,
      // a reader's session is told this area is not theirs (and gets nothing else)
      status: readerSignedIn && status === 200 ? 403 : status,
      url: STAFF_HOME,
    });
  };

  app.get(STAFF_HOME, async (req, reply) => {
    const p = req.auth?.principal;
    if (!p || p.kind !== 'staff') return signInPage(req, reply, { login: '', next: staffNext(field(req.query, 'next')), error: null });
    const staff = gate(req, reply);
    if (!staff) return reply;
    const choices = await readers.formChoices(staff);
    const info = field(req.query, 'done') === 'password' ? accountMessage('password.changed', pickLang(req)) : null;
    return page(req, reply, { staff, section: 'home', title: (ctx) => ctx.t.staff.home, body: (ctx) => <StaffHomePage ctx={ctx} staff={staff} libraries={choices.libraries} info={info} /> });
  });

  app.post('/staff/connexion', async (req, reply) => {
    const login = field(req.body, 'login', 100);
    const next = staffNext(field(req.body, 'next'));
    const r = await auth.signInStaff(login, field(req.body, 'password', 1000), {
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      persistent: false,
      previousToken: sessionToken(req),
    });
    if (r.ok) {
      // staff sessions are never persistent (shared desk computers): a browser-session cookie
      setSessionCookie(reply, r.token, secureCookies, null);
      return reply.redirect(r.mustChangePassword ? CHANGE_PASSWORD_PATH : (next ?? STAFF_HOME), 303);
    }
    const lang = pickLang(req);
    if (r.code === 'TOO_MANY_ATTEMPTS') reply.header('retry-after', String(r.retryAfterSeconds));
    const error = accountMessage(r.messageKey, lang, r.code === 'TOO_MANY_ATTEMPTS' ? r.params : {});
    return signInPage(req, reply, { login, next, error }, r.code === 'TOO_MANY_ATTEMPTS' ? 429 : 401);
  });

  app.post('/staff/deconnexion', async (req, reply) => {
    await auth.signOut(sessionToken(req));
    clearSessionCookie(reply, secureCookies);
    return reply.redirect(STAFF_HOME, 303);
  });

  // ---------------------------------------------------------------- readers: search
  app.get('/staff/lecteurs', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const q = field(req.query, 'q', 200).trim();
    try {
      const [result, choices] = await Promise.all([q ? readers.search(staff, q) : Promise.resolve(null), readers.formChoices(staff)]);
      // a scanned card: straight to the reader
      const only = result?.readers.length === 1 ? result.readers[0]! : null;
      if (only && only.cardNumber === normaliseCardNumber(q)) return reply.redirect(`/staff/lecteurs/${only.id}`, 303);
      return page(req, reply, {
        staff,
        section: 'readers',
        title: (ctx) => ctx.t.staff.readers,
        body: (ctx) => <ReadersPage ctx={ctx} q={q} result={result && { ...result, limit: READER_SEARCH_LIMIT }} choices={choices} />,
      });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  // ---------------------------------------------------------------- readers: create
  const formPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    staff: StaffPrincipal,
    o: { reader: ReaderRecord | null; values: ReaderFormValues; errors: FieldErrors; choices: ReaderFormChoices; status?: number },
  ) => {
    const r = o.reader;
    const action = r ? `/staff/lecteurs/${r.id}/modifier` : '/staff/lecteurs/nouveau';
    return page(req, reply, {
      staff,
      section: 'readers',
      url: action,
      status: o.status,
      title: (ctx) => (r ? ctx.t.staff.editTitle(`${r.firstName} ${r.lastName}`) : ctx.t.staff.newReaderTitle),
      body: (ctx) => (
        <ReaderFormPage
          ctx={ctx}
          csrf={reply.generateCsrf()}
          title={r ? ctx.t.staff.editTitle(`${r.firstName} ${r.lastName}`) : ctx.t.staff.newReaderTitle}
          action={action}
          cancel={r ? `/staff/lecteurs/${r.id}` : '/staff/lecteurs'}
          submit={r ? ctx.t.staff.save : ctx.t.staff.create}
          values={o.values}
          errors={o.errors}
          choices={o.choices}
        />
      ),
    });
  };

  app.get('/staff/lecteurs/nouveau', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    try {
      const choices = await readers.formChoices(staff);
      const values = formValues({});
      values.language = 'fr';
      // a librarian of one library: that library
      if (choices.libraries.length === 1) values.homeLibraryCode = choices.libraries[0]!.code;
      return formPage(req, reply, staff, { reader: null, values, errors: {}, choices });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  app.post('/staff/lecteurs/nouveau', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const values = formValues(req.body);
    try {
      const r = await readers.create(staff, values satisfies RawReaderFields);
      if (r.ok) return reply.redirect(`/staff/lecteurs/${r.readerId}?done=created-${r.initialPasswordRule ?? 'birth-year'}`, 303);
      const choices = await readers.formChoices(staff);
      return formPage(req, reply, staff, { reader: null, values, errors: groupErrors(pickLang(req), r.errors), choices, status: 422 });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  // ---------------------------------------------------------------- readers: the record, fees and payments
  const readerPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    staff: StaffPrincipal,
    readerId: number,
    o: { info?: string | null; error?: string | null; forms?: FeeForms; status?: number } = {},
  ) => {
    const reader = await readers.get(staff, readerId);
    const [fees, choices, rule] = await Promise.all([profile.readerFees(staff, readerId), readers.formChoices(staff), readers.initialPasswordRule(staff)]);
    return page(req, reply, {
      staff,
      section: 'readers',
      url: `/staff/lecteurs/${reader.id}`,
      status: o.status,
      title: () => `${reader.firstName} ${reader.lastName}`,
      body: (ctx) => (
        <ReaderPage
          ctx={ctx}
          csrf={reply.generateCsrf()}
          staff={staff}
          reader={reader}
          fees={fees}
          choices={choices}
          today={parisToday(new Date())}
          canEdit={canEditReader(staff, reader)}
          canManageFees={canManageFees(staff)}
          initialRule={ctx.t.staff.initialRule[rule] ?? rule}
          info={o.info ?? null}
          error={o.error ?? null}
          forms={o.forms ?? NO_FEE_FORMS}
        />
      ),
    });
  };

  /** The notice a redirect after an action asks for (`?done=`). */
  const doneNotice = (t: LayoutContext['t'], done: string): string | null => {
    const rule = (r: string) => t.staff.initialRule[r] ?? r;
    const m = /^(created|reset)-(birth-year|birth-date)$/.exec(done);
    if (m) return m[1] === 'created' ? t.staff.created(rule(m[2]!)) : t.staff.resetDone(rule(m[2]!));
    if (done === 'saved') return t.staff.saved;
    if (done === 'fee') return t.staff.feeAdded;
    if (done === 'payment') return t.staff.paymentRecorded;
    return null;
  };

  app.get<{ Params: { id: string } }>('/staff/lecteurs/:id', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const id = idParam(req.params.id);
    if (id === null) return notFound(req, reply, staff);
    try {
      return await readerPage(req, reply, staff, id, { info: doneNotice(messages(pickLang(req)), field(req.query, 'done', 40)) });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  app.get<{ Params: { id: string } }>('/staff/lecteurs/:id/modifier', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const id = idParam(req.params.id);
    if (id === null) return notFound(req, reply, staff);
    try {
      const reader = await readers.get(staff, id);
      // the same rule the service applies on saving: the form is not even shown otherwise
      if (!canEditReader(staff, reader)) throw new AuthzError('FORBIDDEN');
      return formPage(req, reply, staff, { reader, values: recordValues(reader), errors: {}, choices: await readers.formChoices(staff) });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  app.post<{ Params: { id: string } }>('/staff/lecteurs/:id/modifier', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const id = idParam(req.params.id);
    if (id === null) return notFound(req, reply, staff);
    const values = formValues(req.body);
    try {
      const r = await readers.update(staff, id, values);
      if (r.ok) return reply.redirect(`/staff/lecteurs/${id}?done=saved`, 303);
      const [reader, choices] = await Promise.all([readers.get(staff, id), readers.formChoices(staff)]);
      return formPage(req, reply, staff, { reader, values, errors: groupErrors(pickLang(req), r.errors), choices, status: 422 });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  app.post<{ Params: { id: string } }>('/staff/lecteurs/:id/mot-de-passe-initial', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const id = idParam(req.params.id);
    if (id === null) return notFound(req, reply, staff);
    try {
      const r = await readers.resetPasswordToInitial(staff, id);
      if (r.ok) return reply.redirect(`/staff/lecteurs/${id}?done=reset-${r.rule}`, 303);
      const lang = pickLang(req);
      return await readerPage(req, reply, staff, id, { error: r.errors.map((e) => accountMessage(e.messageKey, lang)).join(' '), status: 422 });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  app.post<{ Params: { id: string } }>('/staff/lecteurs/:id/frais', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const id = idParam(req.params.id);
    if (id === null) return notFound(req, reply, staff);
    const values = { reason: field(req.body, 'reason', 40), label: field(req.body, 'label', 300), amount: field(req.body, 'amount', 40) };
    try {
      const r = await profile.addFee(staff, id, values);
      if (r.ok) return reply.redirect(`/staff/lecteurs/${id}?done=fee#fees`, 303);
      const forms: FeeForms = { add: { values, errors: groupErrors(pickLang(req), r.errors) }, pay: null };
      return await readerPage(req, reply, staff, id, { forms, status: 422 });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  app.post<{ Params: { id: string; feeId: string } }>('/staff/lecteurs/:id/frais/:feeId/paiement', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const id = idParam(req.params.id);
    const feeId = idParam(req.params.feeId);
    if (id === null || feeId === null) return notFound(req, reply, staff);
    const values = { amount: field(req.body, 'amount', 40), method: field(req.body, 'method', 40) };
    try {
      const r = await profile.recordPayment(staff, id, feeId, values);
      if (r.ok) return reply.redirect(`/staff/lecteurs/${id}?done=payment#fees`, 303);
      // a fee of another reader (or none) is not found, as a wrong reader id is
      if (r.errors.some((e) => e.code === 'FEE_NOT_FOUND')) return notFound(req, reply, staff);
      const forms: FeeForms = { add: NO_FEE_FORMS.add, pay: { feeId, values, errors: groupErrors(pickLang(req), r.errors) } };
      return await readerPage(req, reply, staff, id, { forms, status: 422 });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  // ---------------------------------------------------------------- outbox (network administrators)
  const OUTBOX_PAGE = 50;

  app.get('/staff/messages', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const avant = field(req.query, 'avant', 20);
    const beforeId = avant ? idParam(avant) : null;
    if (avant && beforeId === null) return notFound(req, reply, staff);
    try {
      const rows = await outbox.list(staff, { limit: OUTBOX_PAGE + 1, ...(beforeId !== null ? { beforeId } : {}) });
      const messages = rows.slice(0, OUTBOX_PAGE);
      const olderThan = rows.length > OUTBOX_PAGE ? messages[messages.length - 1]!.id : null;
      return page(req, reply, {
        staff,
        section: 'outbox',
        title: (ctx) => ctx.t.staff.outboxTitle,
        body: (ctx) => <OutboxPage ctx={ctx} messages={messages} olderThan={olderThan} paged={beforeId !== null} />,
      });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });

  app.get<{ Params: { id: string } }>('/staff/messages/:id', async (req, reply) => {
    const staff = gate(req, reply);
    if (!staff) return reply;
    const id = idParam(req.params.id);
    if (id === null) return notFound(req, reply, staff);
    try {
      const message = await outbox.get(staff, id);
      return page(req, reply, { staff, section: 'outbox', title: () => message.subject, body: (ctx) => <OutboxMessagePage ctx={ctx} message={message} /> });
    } catch (e) {
      return authzAnswer(e, req, reply, staff);
    }
  });
}
