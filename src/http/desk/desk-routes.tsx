// The desk (/staff/guichet) and the holds shelf (/staff/reservations). The library of the desk is chosen
// among the staff member's own (the service checks it again on every action).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CirculationService } from '../../services/circulation.service.js';
import { AuthzError, canEditCirculationRules, requireStaff, type StaffPrincipal } from '../../authz/accounts.js';
import { DEFAULT_RULE, resolveRule } from '../../domain/circulation/rules.js';
import { RULE_FIELDS } from '../../domain/circulation/rule-input.js';
import { RULES_PATH, RulesPage, ruleValues, type RuleFormValues } from './rules-pages.js';
import { accountMessage } from '../../domain/account-messages.js';
import { pageContext, sendPage } from '../portal/routes.js';
import { CHANGE_PASSWORD_PATH } from '../account/session.js';
import { MessageBody } from '../account/pages.js';
import { DESK_PATH, DeskPage, SHELF_PATH, ShelfPage, type DeskLibrary, type DeskState } from './desk-pages.js';
import { CLOSURES_PATH, ClosuresPage, type ClosureForm } from './closures-pages.js';
import { StaffFrame } from '../staff/pages.js';
import type { ClosureError } from '../../services/circulation.service.js';

type Form = Record<string, unknown>;
const field = (body: unknown, name: string, max = 500): string => {
  const v = (body as Form | undefined)?.[name];
  return (typeof v === 'string' ? v : '').slice(0, max);
};

const EMPTY: DeskState = { cardNumber: '', barcode: '', checkout: null, loans: null, checkin: null, checkinBarcode: '', returnedOn: '', overrideReason: '' };

export function registerDesk(app: FastifyInstance, deps: { circulation: CirculationService }): void {
  const { circulation } = deps;

  /** The staff member, their desk libraries and the chosen one; redirects or refuses otherwise. */
  const staffPage =
    (fn: (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, libraries: DeskLibrary[], libraryId: number) => Promise<unknown>) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      reply.header('cache-control', 'no-store');
      try {
        const staff = requireStaff(req.auth?.principal);
        const libraries = await circulation.deskLibraries(staff);
        const asked = Number(field(req.method === 'GET' ? req.query : req.body, 'bibliotheque', 12));
        const libraryId = libraries.some((l) => l.id === asked) ? asked : (libraries[0]?.id ?? 0);
        if (!libraryId) throw new AuthzError('FORBIDDEN');
        return await fn(req, reply, staff, libraries, libraryId);
      } catch (e) {
        if (!(e instanceof AuthzError)) throw e;
        if (e.code === 'SIGN_IN_REQUIRED') return reply.redirect(`/staff?next=${encodeURIComponent(req.url)}`, 303);
        if (e.code === 'PASSWORD_CHANGE_REQUIRED') return reply.redirect(CHANGE_PASSWORD_PATH, 303);
        const ctx = pageContext(req, reply);
        return sendPage(reply, ctx, ctx.t.desk.title, <MessageBody title={ctx.t.desk.title} text={accountMessage(`authz.${e.code}`, ctx.lang)} />, e.code === 'NOT_FOUND' ? 404 : 403);
      }
    };

  const desk = (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, libraries: DeskLibrary[], libraryId: number, s: DeskState, status = 200) => {
    const ctx = pageContext(req, reply);
    return sendPage(reply, ctx, ctx.t.desk.title, <DeskPage ctx={ctx} staff={staff} csrf={reply.generateCsrf()} libraries={libraries} libraryId={libraryId} s={s} />, status);
  };

  app.get(DESK_PATH, staffPage(async (req, reply, staff, libraries, libraryId) => desk(req, reply, staff, libraries, libraryId, EMPTY)));

  app.post(
    `${DESK_PATH}/pret`,
    staffPage(async (req, reply, staff, libraries, libraryId) => {
      const cardNumber = field(req.body, 'card', 64);
      const barcode = field(req.body, 'barcode', 64);
      const overrideReason = field(req.body, 'reason', 500);
      const override = field(req.body, 'override') === 'on' ? { reason: overrideReason } : null;
      const r = await circulation.checkout(staff, { libraryId, cardNumber, barcode, override });
      const loans = r.ok ? await circulation.loans(staff, r.reader.id) : null;
      return desk(req, reply, staff, libraries, libraryId, { ...EMPTY, cardNumber, barcode, checkout: r, loans, overrideReason }, r.ok ? 200 : 422);
    }),
  );

  app.post(
    `${DESK_PATH}/retour`,
    staffPage(async (req, reply, staff, libraries, libraryId) => {
      const barcode = field(req.body, 'barcode', 64);
      const returnedOn = field(req.body, 'returnedOn', 10);
      const r = await circulation.checkin(staff, { libraryId, barcode, returnedOn: returnedOn || null });
      return desk(req, reply, staff, libraries, libraryId, { ...EMPTY, checkin: r, checkinBarcode: barcode, returnedOn }, r.ok ? 200 : 422);
    }),
  );

  const shelf = async (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, libraries: DeskLibrary[], libraryId: number, info: string | null) => {
    const ctx = pageContext(req, reply);
    const s = await circulation.holdsShelf(staff, libraryId);
    return sendPage(reply, ctx, ctx.t.desk.shelfTitle, <ShelfPage ctx={ctx} staff={staff} csrf={reply.generateCsrf()} libraries={libraries} libraryId={libraryId} shelf={s} info={info} />);
  };

  app.get(
    SHELF_PATH,
    staffPage(async (req, reply, staff, libraries, libraryId) => {
      const done = field(req.query, 'done', 20);
      const t = pageContext(req, reply).t.desk;
      return shelf(req, reply, staff, libraries, libraryId, done === 'cancelled' ? t.holdCancelled : /^expired-\d+$/.test(done) ? t.expiredDone(Number(done.slice(8))) : null);
    }),
  );

  app.post(
    `${SHELF_PATH}/:id/annuler`,
    staffPage(async (req, reply, staff, _libraries, libraryId) => {
      const id = (req.params as { id: string }).id;
      if (!/^\d{1,10}$/.test(id)) throw new AuthzError('NOT_FOUND');
      await circulation.cancelHold(staff, Number(id), libraryId);
      return reply.redirect(`${SHELF_PATH}?bibliotheque=${libraryId}&done=cancelled`, 303);
    }),
  );

  app.post(
    `${SHELF_PATH}/expirer`,
    staffPage(async (_req, reply, _staff, _libraries, libraryId) => {
      const n = await circulation.expireHolds();
      return reply.redirect(`${SHELF_PATH}?bibliotheque=${libraryId}&done=expired-${n}`, 303);
    }),
  );

  // ---------------------------------------------------------------- rules
  const scopeId = (v: string): number | null => (/^\d{1,10}$/.test(v) ? Number(v) : null);

  const rulesPage = async (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, form: { scope: { libraryId: string; categoryId: string; loanTypeId: string }; values: RuleFormValues | null; errors: Record<string, string[]> }, info: string | null, status = 200) => {
    const ctx = pageContext(req, reply);
    const data = await circulation.listRules(staff);
    const scope = { libraryId: scopeId(form.scope.libraryId), categoryId: scopeId(form.scope.categoryId), loanTypeId: scopeId(form.scope.loanTypeId) };
    // the form starts from the scope's own rule, or from the rule that applies to it now
    const own = data.rules.find((r) => r.libraryId === scope.libraryId && r.categoryId === scope.categoryId && r.loanTypeId === scope.loanTypeId);
    const values = form.values ?? ruleValues(own?.rule ?? (data.rules.length ? resolveRule(data.rules, { libraryId: scope.libraryId ?? -1, categoryId: scope.categoryId ?? -1, loanTypeId: scope.loanTypeId ?? -1 }) : DEFAULT_RULE));
    return sendPage(
      reply,
      ctx,
      ctx.t.rules.title,
      <RulesPage ctx={ctx} staff={staff} csrf={reply.generateCsrf()} data={data} canEdit={canEditCirculationRules(staff)} form={{ scope: form.scope, values, errors: form.errors }} info={info} />,
      status,
    );
  };

  app.get(
    RULES_PATH,
    staffPage(async (req, reply, staff) => {
      const q = req.query as Form;
      const scope = { libraryId: field(q, 'libraryId', 12), categoryId: field(q, 'categoryId', 12), loanTypeId: field(q, 'loanTypeId', 12) };
      const t = pageContext(req, reply).t.rules;
      const done = field(q, 'done', 10);
      return rulesPage(req, reply, staff, { scope, values: null, errors: {} }, done === 'saved' ? t.saved : done === 'deleted' ? t.deleted : null);
    }),
  );

  app.post(
    RULES_PATH,
    staffPage(async (req, reply, staff) => {
      const scope = { libraryId: field(req.body, 'libraryId', 12), categoryId: field(req.body, 'categoryId', 12), loanTypeId: field(req.body, 'loanTypeId', 12) };
      const values: RuleFormValues = {};
      for (const f of RULE_FIELDS) values[f] = field(req.body, f, 100);
      const raw: Record<string, unknown> = { ...values, holdsAllowed: values.holdsAllowed === 'on' };
      if (values.renewWindowDays === '') raw.renewWindowDays = null;
      const r = await circulation.saveRule(staff, { libraryId: scopeId(scope.libraryId), categoryId: scopeId(scope.categoryId), loanTypeId: scopeId(scope.loanTypeId) }, raw);
      if (r.ok) return reply.redirect(`${RULES_PATH}?done=saved`, 303);
      const t = pageContext(req, reply).t.rules;
      const errors: Record<string, string[]> = {};
      for (const e of r.errors) (errors[e.field] ??= []).push(t.errors[e.code](e.max ?? 0));
      return rulesPage(req, reply, staff, { scope, values, errors }, null, 422);
    }),
  );

  // ---------------------------------------------------------------- exceptional closures
  const closuresPage = async (req: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, form: ClosureForm, errors: Partial<Record<keyof ClosureForm, ClosureError>>, info: string | null) => {
    const { closures, libraries } = await circulation.closures(staff);
    const ctx = pageContext(req, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t.closures.title,
      <StaffFrame ctx={ctx} staff={staff} csrf={reply.generateCsrf()} current="closures">
        <ClosuresPage ctx={ctx} csrf={reply.generateCsrf()} closures={closures} libraries={libraries} canEdit={canEditCirculationRules(staff)} form={form} errors={errors} info={info} />
      </StaffFrame>,
      Object.keys(errors).length ? 422 : 200,
    );
  };
  const NO_CLOSURE: ClosureForm = { libraryId: '', start: '', end: '', reason: '' };

  app.get(
    CLOSURES_PATH,
    staffPage(async (req, reply, staff) => {
      const t = pageContext(req, reply).t.closures;
      const done = field(req.query, 'done', 10);
      return closuresPage(req, reply, staff, NO_CLOSURE, {}, done === 'added' ? t.added : done === 'removed' ? t.removed : null);
    }),
  );

  app.post(
    CLOSURES_PATH,
    staffPage(async (req, reply, staff) => {
      const form: ClosureForm = { libraryId: field(req.body, 'libraryId', 12), start: field(req.body, 'start', 20), end: field(req.body, 'end', 20), reason: field(req.body, 'reason', 300) };
      const r = await circulation.addClosure(staff, form);
      if (r.ok) return reply.redirect(`${CLOSURES_PATH}?done=added`, 303);
      return closuresPage(req, reply, staff, form, r.errors, null);
    }),
  );

  app.post(
    `${CLOSURES_PATH}/:id/supprimer`,
    staffPage(async (req, reply, staff) => {
      const id = (req.params as { id: string }).id;
      if (!/^\d{1,10}$/.test(id) || !(await circulation.deleteClosure(staff, Number(id)))) throw new AuthzError('NOT_FOUND');
      return reply.redirect(`${CLOSURES_PATH}?done=removed`, 303);
    }),
  );

  app.post(
    `${RULES_PATH}/:id/supprimer`,
    staffPage(async (req, reply, staff) => {
      const id = (req.params as { id: string }).id;
      if (!/^\d{1,10}$/.test(id) || !(await circulation.deleteRule(staff, Number(id)))) throw new AuthzError('NOT_FOUND');
      return reply.redirect(`${RULES_PATH}?done=deleted`, 303);
    }),
  );
}
