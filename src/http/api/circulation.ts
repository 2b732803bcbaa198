// JSON API of circulation, for readers and staff (and the OpenAPI paths that describe it).
//
// Authentication: POST /api/session (readers: card number or email) or /api/staff/session (staff login)
// answers a session token; requests send it as "Authorization: Bearer <token>". Sessions are the same rows as
// the portal's (same throttling, "Mes appareils" lists them); no cookies, hence no CSRF on the API.
// Every answer is decided by the same services as the pages: refusals carry the rules' codes and messages.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AuthService } from '../../services/auth.service.js';
import type { CirculationService } from '../../services/circulation.service.js';
import { AuthzError, type Principal } from '../../authz/accounts.js';
import { accountMessage } from '../../domain/account-messages.js';
import { circulationMessage } from '../../domain/circulation/messages.js';
import type { Reason } from '../../domain/circulation/rules.js';
import { RULE_FIELDS } from '../../domain/circulation/rule-input.js';

const Id = Type.Integer({ minimum: 1 });
const SessionBody = Type.Object({ identifier: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
const StaffSessionBody = Type.Object({ login: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
const RenewBody = Type.Object({ loanIds: Type.Union([Type.Array(Id, { maxItems: 200 }), Type.Literal('all')]) }, { additionalProperties: false });
const HoldBody = Type.Object({ recordId: Id, pickupLibraryId: Id }, { additionalProperties: false });
const CheckoutBody = Type.Object(
  {
    libraryId: Id,
    cardNumber: Type.String({ maxLength: 64 }),
    barcode: Type.String({ maxLength: 64 }),
    override: Type.Optional(Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
const CheckinBody = Type.Object(
  { libraryId: Id, barcode: Type.String({ maxLength: 64 }), returnedOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'backdated return (book drop), yyyy-mm-dd' })) },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9]\\d{0,14}$' }) });
const ShelfQuery = Type.Object({ libraryId: Type.String({ pattern: '^[1-9]\\d{0,9}$' }) });
const RuleBody = Type.Object(
  {
    libraryId: Type.Union([Id, Type.Null()]),
    categoryId: Type.Union([Id, Type.Null()]),
    loanTypeId: Type.Union([Id, Type.Null()]),
    ...Object.fromEntries(RULE_FIELDS.map((f) => [f, Type.Optional(Type.Unknown())])),
  },
  { additionalProperties: false, description: 'a rule for a scope (null = any); fields left out take the default rule’s value' },
);

const ReasonOut = Type.Object({ code: Type.String(), message: Type.String(), overridable: Type.Boolean(), params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))) });

function lang(req: FastifyRequest): 'fr' | 'en' {
  return /^en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'fr';
}

const reasonsOut = (reasons: Reason[], l: 'fr' | 'en') => reasons.map((r) => ({ code: r.code, message: circulationMessage(r, l), overridable: r.overridable, ...(r.params ? { params: r.params } : {}) }));

function fail(reply: FastifyReply, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  reply.code(status);
  return { error: { code, message, ...extra } };
}

export function registerCirculationApi(app: FastifyInstance, deps: { auth: AuthService; circulation: CirculationService }): void {
  const { auth, circulation } = deps;

  const bearer = (req: FastifyRequest): string | null => {
    const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{10,200})$/.exec(req.headers.authorization ?? '');
    return m ? m[1]! : null;
  };

  /** The principal of the bearer token, or an answer (401/403) already sent. */
  const principalOf = async (req: FastifyRequest): Promise<Principal | null> => (await auth.authenticate(bearer(req), { ip: req.ip }))?.principal ?? null;

  /** Runs a handler with the caller's principal; maps authorisation errors to JSON answers. */
  const guarded =
    <T>(fn: (p: Principal | null, req: FastifyRequest, reply: FastifyReply) => Promise<T>) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.validationError) return fail(reply, 400, 'INVALID_REQUEST', req.validationError.message);
      try {
        return await fn(await principalOf(req), req, reply);
      } catch (e) {
        if (!(e instanceof AuthzError)) throw e;
        if (e.code === 'SIGN_IN_REQUIRED') {
          reply.header('www-authenticate', 'Bearer');
          return fail(reply, 401, e.code, 'a valid bearer token is required');
        }
        const status = e.code === 'NOT_FOUND' ? 404 : 403;
        return fail(reply, status, e.code, accountMessage(`authz.${e.code}`, lang(req)));
      }
    };

  const schema = (s: { body?: TSchema; params?: TSchema; querystring?: TSchema }) => ({ schema: s, attachValidation: true });

  // ---------------------------------------------------------------- sessions
  const signedIn = async (r: Awaited<ReturnType<AuthService['signIn']>>, req: FastifyRequest, reply: FastifyReply) => {
    if (r.ok) {
      reply.code(201);
      return { token: r.token, mustChangePassword: r.mustChangePassword };
    }
    if (r.code === 'TOO_MANY_ATTEMPTS') {
      reply.header('retry-after', String(r.retryAfterSeconds));
      return fail(reply, 429, r.code, accountMessage(r.messageKey, lang(req), r.params));
    }
    return fail(reply, 401, 'INVALID_CREDENTIALS', accountMessage(r.messageKey, lang(req)));
  };

  app.post('/api/session', schema({ body: SessionBody }), async (req, reply) => {
    if (req.validationError) return fail(reply, 400, 'INVALID_REQUEST', req.validationError.message);
    const b = req.body as Static<typeof SessionBody>;
    return signedIn(await auth.signIn(b.identifier, b.password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, persistent: false }), req, reply);
  });

  app.post('/api/staff/session', schema({ body: StaffSessionBody }), async (req, reply) => {
    if (req.validationError) return fail(reply, 400, 'INVALID_REQUEST', req.validationError.message);
    const b = req.body as Static<typeof StaffSessionBody>;
    return signedIn(await auth.signInStaff(b.login, b.password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null }), req, reply);
  });

  app.delete('/api/session', async (req, reply) => {
    await auth.signOut(bearer(req));
    return reply.code(204).send();
  });

  // ---------------------------------------------------------------- the reader's loans and holds
  const loansOut = async (p: Principal | null, l: 'fr' | 'en', readerId?: number) =>
    (await circulation.loans(p, readerId)).map((x) => ({ ...x, reasons: reasonsOut(x.reasons, l) }));

  const renewOut = async (p: Principal | null, body: Static<typeof RenewBody>, l: 'fr' | 'en', readerId?: number) => ({
    results: (await circulation.renew(p, body.loanIds, readerId)).map((r) => (r.ok ? r : { ...r, reasons: reasonsOut(r.reasons, l) })),
  });

  app.get('/api/me/loans', guarded(async (p, req) => ({ loans: await loansOut(p, lang(req)) })));
  app.post('/api/me/loans/renew', schema({ body: RenewBody }), guarded(async (p, req) => renewOut(p, req.body as Static<typeof RenewBody>, lang(req))));
  app.get('/api/me/holds', guarded(async (p) => ({ holds: await circulation.holds(p) })));
  app.post(
    '/api/me/holds',
    schema({ body: HoldBody }),
    guarded(async (p, req, reply) => {
      const b = req.body as Static<typeof HoldBody>;
      const r = await circulation.placeHold(p, b.recordId, b.pickupLibraryId);
      if (!r.ok) return fail(reply, 409, 'REFUSED', 'the hold was refused', { reasons: reasonsOut(r.reasons, lang(req)) });
      reply.code(201);
      return r;
    }),
  );
  app.delete(
    '/api/me/holds/:id',
    schema({ params: IdParams }),
    guarded(async (p, req, reply) => {
      const r = await circulation.cancelHold(p, Number((req.params as Static<typeof IdParams>).id));
      if (!r.ok) return fail(reply, 409, 'REFUSED', 'the hold cannot be cancelled', { reasons: reasonsOut(r.reasons, lang(req)) });
      return reply.code(204).send();
    }),
  );

  // ---------------------------------------------------------------- the desk (staff)
  app.post(
    '/api/desk/checkout',
    schema({ body: CheckoutBody }),
    guarded(async (p, req, reply) => {
      const r = await circulation.checkout(p, req.body as Static<typeof CheckoutBody>);
      if (r.ok) {
        reply.code(201);
        return r;
      }
      if (r.code === 'REFUSED') return fail(reply, 409, 'REFUSED', 'the check-out was refused', { canOverride: r.canOverride, reasons: reasonsOut(r.reasons, lang(req)) });
      return fail(reply, r.code === 'OVERRIDE_REASON_REQUIRED' ? 400 : 404, r.code, r.code === 'OVERRIDE_REASON_REQUIRED' ? 'an override needs a reason' : 'no such card or barcode');
    }),
  );
  app.post(
    '/api/desk/checkin',
    schema({ body: CheckinBody }),
    guarded(async (p, req, reply) => {
      const r = await circulation.checkin(p, req.body as Static<typeof CheckinBody>);
      if (r.ok) return r;
      return fail(reply, r.code === 'DATE_INVALID' ? 400 : 404, r.code, r.code === 'DATE_INVALID' ? 'returnedOn must be a past or present date' : 'no such barcode');
    }),
  );
  app.get('/api/desk/holds-shelf', schema({ querystring: ShelfQuery }), guarded(async (p, req) => circulation.holdsShelf(p, Number((req.query as Static<typeof ShelfQuery>).libraryId))));
  app.get('/api/readers/:id/loans', schema({ params: IdParams }), guarded(async (p, req) => ({ loans: await loansOut(staffOnly(p), lang(req), Number((req.params as Static<typeof IdParams>).id)) })));
  app.get('/api/readers/:id/holds', schema({ params: IdParams }), guarded(async (p, req) => ({ holds: await circulation.holds(staffOnly(p), Number((req.params as Static<typeof IdParams>).id)) })));
  app.post(
    '/api/readers/:id/loans/renew',
    schema({ params: IdParams, body: RenewBody }),
    guarded(async (p, req) => renewOut(staffOnly(p), req.body as Static<typeof RenewBody>, lang(req), Number((req.params as Static<typeof IdParams>).id))),
  );
  app.delete(
    '/api/holds/:id',
    schema({ params: IdParams }),
    guarded(async (p, req, reply) => {
      await circulation.cancelHold(staffOnly(p), Number((req.params as Static<typeof IdParams>).id));
      return reply.code(204).send();
    }),
  );

  // ---------------------------------------------------------------- rules (network administrators)
  app.get('/api/circulation/rules', guarded(async (p) => circulation.listRules(p)));
  app.put(
    '/api/circulation/rules',
    schema({ body: RuleBody }),
    guarded(async (p, req, reply) => {
      const { libraryId, categoryId, loanTypeId, ...rest } = req.body as Static<typeof RuleBody> & Record<string, unknown>;
      const r = await circulation.saveRule(p, { libraryId, categoryId, loanTypeId }, rest);
      if (!r.ok) return fail(reply, 400, 'INVALID_RULE', `invalid field${r.errors.length > 1 ? 's' : ''}: ${r.errors.map((e) => e.field).join(', ')}`, { details: r.errors });
      return r;
    }),
  );
  app.delete(
    '/api/circulation/rules/:id',
    schema({ params: IdParams }),
    guarded(async (p, req, reply) => {
      if (!(await circulation.deleteRule(p, Number((req.params as Static<typeof IdParams>).id)))) return fail(reply, 404, 'NOT_FOUND', 'no such rule (the default rule cannot be deleted)');
      return reply.code(204).send();
    }),
  );
}

/** Staff-only routes refuse readers before the service sees a reader id from the path. */
function staffOnly(p: Principal | null): Principal | null {
  if (p?.kind === 'reader') throw new AuthzError('FORBIDDEN');
  return p;
}

// ---------------------------------------------------------------- OpenAPI

type Json = Record<string, unknown>;
const plain = (s: TSchema): Json => JSON.parse(JSON.stringify(s)) as Json;
const body = (s: TSchema) => ({ required: true, content: { 'application/json': { schema: plain(s) } } });
const err = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const ok = (description: string, schema?: TSchema) => ({ description, ...(schema ? { content: { 'application/json': { schema: plain(schema) } } } : {}) });
const secured = { security: [{ bearer: [] }] };
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }];
const refused = err('refused by the circulation rules: `reasons` lists each one with its code and message');

export function circulationOpenApi(): { paths: Json; securitySchemes: Json; schemas: Json } {
  const Reasons = Type.Array(ReasonOut);
  return {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from POST /api/session or /api/staff/session' } },
    schemas: { Reason: plain(ReasonOut) },
    paths: {
      '/api/session': {
        post: { operationId: 'signIn', summary: 'Reader sign-in: a bearer token', requestBody: body(SessionBody), responses: { '201': ok('the token'), '401': err('wrong identifier or password'), '429': err('too many attempts (Retry-After)') } },
        delete: { operationId: 'signOut', summary: 'Ends the session of the bearer token', ...secured, responses: { '204': ok('ended') } },
      },
      '/api/staff/session': { post: { operationId: 'staffSignIn', summary: 'Staff sign-in: a bearer token', requestBody: body(StaffSessionBody), responses: { '201': ok('the token'), '401': err('wrong login or password'), '429': err('too many attempts') } } },
      '/api/me/loans': { get: { operationId: 'myLoans', summary: 'The reader’s loans, each with whether it can be renewed and why not', ...secured, responses: { '200': ok('loans'), '401': err('no valid token') } } },
      '/api/me/loans/renew': { post: { operationId: 'renewMyLoans', summary: 'Renews the listed loans, or "all"; answers for each', ...secured, requestBody: body(RenewBody), responses: { '200': ok('one result per loan: new due date, or reasons', Type.Object({ results: Type.Array(Type.Object({ loanId: Type.Integer(), ok: Type.Boolean(), dueDate: Type.Optional(Type.String()), reasons: Type.Optional(Reasons) })) })) } } },
      '/api/me/holds': {
        get: { operationId: 'myHolds', summary: 'The reader’s holds with their place in the queue', ...secured, responses: { '200': ok('holds') } },
        post: { operationId: 'placeHold', summary: 'Places a hold on a title with a pickup library', ...secured, requestBody: body(HoldBody), responses: { '201': ok('placed: position and queue length'), '409': refused, '404': err('no such record') } },
      },
      '/api/me/holds/{id}': { delete: { operationId: 'cancelMyHold', summary: 'Cancels a hold not yet available', ...secured, parameters: idParam, responses: { '204': ok('cancelled'), '409': refused, '404': err('no such hold of this reader') } } },
      '/api/desk/checkout': { post: { operationId: 'checkout', summary: 'Desk: checks a copy out to a reader (override with a reason when allowed)', ...secured, requestBody: body(CheckoutBody), responses: { '201': ok('the loan and its due date'), '409': refused, '404': err('unknown card or barcode'), '403': err('not a desk of this staff member') } } },
      '/api/desk/checkin': { post: { operationId: 'checkin', summary: 'Desk: a copy comes back; says where it goes (shelf, holds shelf, transit)', ...secured, requestBody: body(CheckinBody), responses: { '200': ok('what to do with the copy'), '404': err('unknown barcode') } } },
      '/api/desk/holds-shelf': { get: { operationId: 'holdsShelf', summary: 'Desk: copies waiting on a library’s holds shelf, and transits', ...secured, parameters: [{ name: 'libraryId', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }], responses: { '200': ok('the shelf') } } },
      '/api/readers/{id}/loans': { get: { operationId: 'readerLoans', summary: 'Staff: a reader’s loans', ...secured, parameters: idParam, responses: { '200': ok('loans'), '403': err('staff only') } } },
      '/api/readers/{id}/loans/renew': { post: { operationId: 'renewReaderLoans', summary: 'Staff: renews a reader’s loans', ...secured, parameters: idParam, requestBody: body(RenewBody), responses: { '200': ok('one result per loan') } } },
      '/api/readers/{id}/holds': { get: { operationId: 'readerHolds', summary: 'Staff: a reader’s holds', ...secured, parameters: idParam, responses: { '200': ok('holds') } } },
      '/api/holds/{id}': { delete: { operationId: 'cancelHold', summary: 'Staff: cancels any open hold (a copy set aside goes to the next reader)', ...secured, parameters: idParam, responses: { '204': ok('cancelled') } } },
      '/api/circulation/rules': {
        get: { operationId: 'listRules', summary: 'Circulation rules by (library, category, loan type); null = any', ...secured, responses: { '200': ok('rules') } },
        put: { operationId: 'saveRule', summary: 'Administrators: creates or replaces the rule of a scope', ...secured, requestBody: body(RuleBody), responses: { '200': ok('saved'), '400': err('invalid fields (details)'), '403': err('administrators only') } },
      },
      '/api/circulation/rules/{id}': { delete: { operationId: 'deleteRule', summary: 'Administrators: deletes a rule (not the default one)', ...secured, parameters: idParam, responses: { '204': ok('deleted'), '404': err('no such rule') } } },
    },
  };
}
