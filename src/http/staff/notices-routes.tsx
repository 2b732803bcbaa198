// The back office's notices to print (/staff/avis-a-imprimer, its PDF, "mark as printed") and failed jobs
// (/staff/taches, "Relancer": network administrators only). Same gate as the rest of /staff: signed out -> the
// staff sign-in, a reader -> 403, a forced password change -> that page. CSRF is checked by app.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { Db } from '../../db/connect.js';
import { PRINT_LIST_LIMIT, type PrintNoticesService } from '../../services/print-notices.service.js';
import { failedJobs, retryJob } from '../../jobs/runner.js';
import { AuthzError, canManageJobs, ensure, requireStaff, type StaffPrincipal } from '../../authz/accounts.js';
import { accountMessage } from '../../domain/account-messages.js';
import { pageContext, sendPage } from '../portal/routes.js';
import { messages, pickLang } from '../i18n.js';
import type { LayoutContext } from '../render.js';
import { CHANGE_PASSWORD_PATH } from '../account/session.js';
import { MessageBody } from '../account/pages.js';
import { StaffFrame, STAFF_HOME, type StaffSection } from './pages.js';
import { JOBS_PATH, JobsPage, NOTICE_SETTINGS_PATH, NoticeSettingsPage, PRINT_NOTICES_PATH, PrintNoticesPage } from './notices-pages.js';
import type { NoticesService } from '../../services/notices.service.js';
import { noticeSettingsToForm, type NoticeSettingsError, type NoticeSettingsForm } from '../../services/notice-settings.js';
import { canEditNoticeSettings } from '../../authz/accounts.js';

type Form = Record<string, unknown>;
const values = (body: unknown, name: string): string[] => {
  const v = (body as Form | undefined)?.[name];
  return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};
const first = (body: unknown, name: string, max = 40) => (values(body, name)[0] ?? '').slice(0, max);

/** A database id, or null. */
function idOf(v: string | undefined): number | null {
  if (!v || !/^\d{1,10}$/.test(v)) return null;
  const n = Number(v);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

/** The failed jobs shown on one page. */
const JOBS_LIMIT = 100;

export function registerNoticeStaffPages(app: FastifyInstance, deps: { printNotices: PrintNoticesService; notices: NoticesService; db: Db; now?: () => Date }): void {
  const { printNotices, notices, db } = deps;
  const now = deps.now ?? (() => new Date());

  const page = (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, section: StaffSection, title: (ctx: LayoutContext) => string, body: (ctx: LayoutContext) => ComponentChildren, status = 200) => {
    reply.header('cache-control', 'no-store');
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      ctx,
      `${title(ctx)} · ${ctx.t.staff.area}`,
      <StaffFrame ctx={ctx} staff={staff} csrf={reply.generateCsrf()} current={section}>
        {body(ctx)}
      </StaffFrame>,
      status,
    );
  };

  /** Runs a staff page: signed out -> the staff sign-in; a reader -> 403; refusals of the services -> 403/404. */
  const staffPage =
    (section: StaffSection, fn: (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) => {
      let staff: StaffPrincipal;
      try {
        staff = requireStaff(req.auth?.principal);
      } catch (e) {
        if (!(e instanceof AuthzError)) throw e;
        if (e.code === 'SIGN_IN_REQUIRED') return reply.redirect(req.method === 'GET' ? `${STAFF_HOME}?next=${encodeURIComponent(req.url)}` : STAFF_HOME, 303);
        if (e.code === 'PASSWORD_CHANGE_REQUIRED') return reply.redirect(CHANGE_PASSWORD_PATH, 303);
        reply.header('cache-control', 'no-store');
        const ctx = pageContext(req, reply);
        return sendPage(reply, ctx, ctx.t.staff.staffOnlyTitle, <MessageBody title={ctx.t.staff.staffOnlyTitle} text={ctx.t.staff.staffOnlyText} />, 403);
      }
      try {
        return await fn(req, reply, staff);
      } catch (e) {
        if (!(e instanceof AuthzError)) throw e;
        const status = e.code === 'NOT_FOUND' ? 404 : 403;
        const title = (ctx: LayoutContext) => (status === 404 ? ctx.t.errors.notFoundTitle : ctx.t.staff.area);
        const text = (ctx: LayoutContext) => (status === 404 ? ctx.t.errors.notFoundText : accountMessage('authz.FORBIDDEN', ctx.lang));
        return page(req, reply, staff, section, title, (ctx) => <MessageBody title={title(ctx)} text={text(ctx)} />, status);
      }
    };

  // ---------------------------------------------------------------- notices to print
  app.get(
    PRINT_NOTICES_PATH,
    staffPage('printNotices', async (req, reply, staff) => {
      // one more than shown tells whether there are more
      const found = await printNotices.list(staff, { limit: PRINT_LIST_LIMIT + 1 });
      const more = found.length > PRINT_LIST_LIMIT;
      found.length = Math.min(found.length, PRINT_LIST_LIMIT);
      const done = /^\d{1,4}$/.exec(first(req.query, 'imprimes', 5));
      const t = messages(pickLang(req));
      const info = done ? t.printNotices.marked(Number(done[0])) : null;
      return page(req, reply, staff, 'printNotices', (ctx) => ctx.t.printNotices.title, (ctx) => <PrintNoticesPage ctx={ctx} csrf={reply.generateCsrf()} notices={found} more={more} limit={PRINT_LIST_LIMIT} info={info} />);
    }),
  );

  app.get(
    `${PRINT_NOTICES_PATH}.pdf`,
    staffPage('printNotices', async (req, reply, staff) => {
      // `jusqua`: the last notice the page listed (one recorded since is left for the next round)
      const raw = first(req.query, 'jusqua', 12);
      const upToId = raw ? idOf(raw) : null;
      if (raw && upToId === null) throw new AuthzError('NOT_FOUND');
      const { pdf } = await printNotices.pdf(staff, upToId !== null ? { upToId } : {});
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now());
      reply.header('cache-control', 'no-store');
      reply.header('content-disposition', `attachment; filename="avis-a-imprimer-${day}.pdf"`);
      return reply.type('application/pdf').send(pdf);
    }),
  );

  app.post(
    `${PRINT_NOTICES_PATH}/imprimes`,
    staffPage('printNotices', async (req, reply, staff) => {
      const ids = values(req.body, 'id')
        .map((v) => idOf(v))
        .filter((v): v is number => v !== null);
      const n = await printNotices.markPrinted(staff, ids);
      return reply.redirect(`${PRINT_NOTICES_PATH}?imprimes=${n}`, 303);
    }),
  );

  // ---------------------------------------------------------------- notice settings (network administrators)
  const settingsPage = (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, form: NoticeSettingsForm, errors: Record<string, NoticeSettingsError>, info: string | null) =>
    page(req, reply, staff, 'noticeSettings', (ctx) => ctx.t.noticeSettings.title, (ctx) => <NoticeSettingsPage ctx={ctx} csrf={reply.generateCsrf()} form={form} errors={errors} info={info} />, Object.keys(errors).length ? 400 : 200);

  app.get(
    NOTICE_SETTINGS_PATH,
    staffPage('noticeSettings', async (req, reply, staff) => {
      ensure(canEditNoticeSettings(staff));
      const saved = first(req.query, 'enregistre', 2) === '1';
      return settingsPage(req, reply, staff, noticeSettingsToForm(await notices.settings()), {}, saved ? messages(pickLang(req)).noticeSettings.saved : null);
    }),
  );

  app.post(
    NOTICE_SETTINGS_PATH,
    staffPage('noticeSettings', async (req, reply, staff) => {
      ensure(canEditNoticeSettings(staff));
      // what was typed, kept as typed (bounded) to be shown again next to its error
      const form: NoticeSettingsForm = {};
      for (const [k, v] of Object.entries((req.body as Form | undefined) ?? {})) if (k !== '_csrf' && typeof v === 'string') form[k.slice(0, 60)] = v.slice(0, 4000);
      const r = await notices.saveSettings(staff, form);
      if (!r.ok) return settingsPage(req, reply, staff, form, r.errors, null);
      return reply.redirect(`${NOTICE_SETTINGS_PATH}?enregistre=1`, 303);
    }),
  );

  // ---------------------------------------------------------------- failed jobs (network administrators)
  const jobsPage = async (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, info: string | null, error: string | null, status = 200) => {
    const jobs = await failedJobs(db, JOBS_LIMIT);
    return page(req, reply, staff, 'jobs', (ctx) => ctx.t.jobs.title, (ctx) => <JobsPage ctx={ctx} csrf={reply.generateCsrf()} jobs={jobs} info={info} error={error} />, status);
  };

  app.get(
    JOBS_PATH,
    staffPage('jobs', async (req, reply, staff) => {
      ensure(canManageJobs(staff));
      const t = messages(pickLang(req)).jobs;
      return jobsPage(req, reply, staff, first(req.query, 'done', 10) === 'retried' ? t.retried : null, null);
    }),
  );

  app.post<{ Params: { id: string } }>(
    `${JOBS_PATH}/:id/relancer`,
    staffPage('jobs', async (req, reply, staff) => {
      ensure(canManageJobs(staff));
      const id = idOf((req.params as { id: string }).id);
      if (id === null) throw new AuthzError('NOT_FOUND');
      if (await retryJob(db, id, now())) return reply.redirect(`${JOBS_PATH}?done=retried`, 303);
      // unknown, or no longer failed (retried from another screen): said on the list
      return jobsPage(req, reply, staff, null, messages(pickLang(req)).jobs.gone, 409);
    }),
  );
}
