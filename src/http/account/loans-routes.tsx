// "Mes prêts & réservations" and placing a hold from a record page. Thin handlers: the signed-in reader's
// principal goes to the circulation service, which decides (and refuses another reader's loan or hold).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CirculationService, RenewResult } from '../../services/circulation.service.js';
import { AuthzError } from '../../authz/accounts.js';
import { circulationMessage } from '../../domain/circulation/messages.js';
import { pageContext } from '../portal/routes.js';
import { accountPage, readerPage as guardReader } from './reader-page.js';
import { HOLDS_PATH, HoldChoosePage, HoldConfirmPage, HoldsPage, LOANS_PATH, LoansPage } from './loans-pages.js';

type Form = Record<string, unknown>;
const values = (body: unknown, name: string): string[] => {
  const v = (body as Form | undefined)?.[name];
  return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};
const ids = (vs: string[]) => vs.filter((v) => /^\d{1,15}$/.test(v)).map(Number);

export function registerLoans(app: FastifyInstance, deps: { circulation: CirculationService }): void {
  const { circulation } = deps;

  const page = accountPage;
  const readerPage = (fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => guardReader((ctx) => ctx.t.loans.title, fn);

  const loansPage = async (req: FastifyRequest, reply: FastifyReply, results: RenewResult[] | null, error: string | null, status = 200) => {
    const loans = await circulation.loans(req.auth?.principal);
    return page(req, reply, (ctx) => ctx.t.loans.title, (ctx) => <LoansPage ctx={ctx} csrf={reply.generateCsrf()} loans={loans} results={results} error={error} />, status);
  };

  app.get(LOANS_PATH, readerPage((req, reply) => loansPage(req, reply, null, null)));

  app.post(
    `${LOANS_PATH}/prolonger`,
    readerPage(async (req, reply) => {
      const p = req.auth?.principal;
      const one = ids(values(req.body, 'one'));
      const wanted: number[] | 'all' = one.length ? one : values(req.body, 'all').length ? 'all' : ids(values(req.body, 'loan'));
      if (wanted !== 'all' && !wanted.length) return loansPage(req, reply, null, pageContext(req, reply).t.loans.nothingSelected, 422);
      const results = await circulation.renew(p, wanted);
      return loansPage(req, reply, results, null);
    }),
  );

  const holdsPage = async (req: FastifyRequest, reply: FastifyReply, info: string | null, error: string | null, status = 200) => {
    const holds = await circulation.holds(req.auth?.principal);
    return page(req, reply, (ctx) => ctx.t.holds.tabTitle, (ctx) => <HoldsPage ctx={ctx} csrf={reply.generateCsrf()} holds={holds} info={info} error={error} />, status);
  };

  app.get(
    HOLDS_PATH,
    readerPage(async (req, reply) => {
      const q = req.query as Form;
      const t = pageContext(req, reply).t.holds;
      const info = q.done === 'cancelled' ? t.cancelled : typeof q.placed === 'string' && /^\d+-\d+$/.test(q.placed) ? t.placed(...(q.placed.split('-').map(Number) as [number, number])) : null;
      return holdsPage(req, reply, info, null);
    }),
  );

  app.post<{ Params: { id: string } }>(
    '/compte/reservations/:id/annuler',
    readerPage(async (req, reply) => {
      const id = /^\d{1,15}$/.test((req.params as { id: string }).id) ? Number((req.params as { id: string }).id) : NaN;
      if (Number.isNaN(id)) throw new AuthzError('NOT_FOUND');
      const r = await circulation.cancelHold(req.auth?.principal, id);
      if (r.ok) return reply.redirect(`${HOLDS_PATH}?done=cancelled`, 303);
      const lang = pageContext(req, reply).lang;
      return holdsPage(req, reply, null, r.reasons.map((x) => circulationMessage(x, lang)).join(' '), 409);
    }),
  );

  // ---------------------------------------------------------------- placing a hold: choose, select, confirm
  const recordId = (req: FastifyRequest): number => {
    const v = (req.params as { id: string }).id;
    if (!/^\d{1,15}$/.test(v)) throw new AuthzError('NOT_FOUND');
    return Number(v);
  };
  const chosenLibrary = (v: unknown): number => (typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : NaN);

  app.get(
    '/notices/:id/reserver',
    readerPage(async (req, reply) => {
      const id = recordId(req);
      const o = await circulation.holdOptions(req.auth?.principal, id);
      const wanted = chosenLibrary((req.query as Form).bibliotheque);
      const selected = o.libraries.some((l) => l.id === wanted) ? wanted : o.defaultLibraryId;
      return page(req, reply, (ctx) => ctx.t.holds.chooseTitle(o.title), (ctx) => <HoldChoosePage ctx={ctx} recordId={id} title={o.title} libraries={o.libraries} selected={selected} reasons={o.reasons} />, o.reasons.length ? 409 : 200);
    }),
  );

  app.get(
    '/notices/:id/reserver/confirmer',
    readerPage(async (req, reply) => {
      const id = recordId(req);
      const o = await circulation.holdOptions(req.auth?.principal, id);
      const library = o.libraries.find((l) => l.id === chosenLibrary((req.query as Form).bibliotheque));
      if (!library || o.reasons.length) return reply.redirect(`/notices/${id}/reserver`, 303);
      return page(req, reply, (ctx) => ctx.t.holds.confirmTitle, (ctx) => <HoldConfirmPage ctx={ctx} csrf={reply.generateCsrf()} recordId={id} title={o.title} library={library} />);
    }),
  );

  app.post(
    '/notices/:id/reserver',
    readerPage(async (req, reply) => {
      const id = recordId(req);
      const r = await circulation.placeHold(req.auth?.principal, id, chosenLibrary(values(req.body, 'bibliotheque')[0]));
      if (r.ok) return reply.redirect(`${HOLDS_PATH}?placed=${r.position}-${r.queueLength}`, 303);
      const o = await circulation.holdOptions(req.auth?.principal, id);
      return page(req, reply, (ctx) => ctx.t.holds.chooseTitle(o.title), (ctx) => <HoldChoosePage ctx={ctx} recordId={id} title={o.title} libraries={o.libraries} selected={o.defaultLibraryId} reasons={r.reasons} />, 409);
    }),
  );
}
