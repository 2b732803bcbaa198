// The email outbox in the back office: with no SMTP server configured, staff read the messages here (and
// pass them on); with one, it shows what was sent, failed or is waiting. Network administrators only: the
// messages hold password-reset links, which open readers' accounts (authz/accounts.ts canReadOutbox).
import type { Db } from '../db/connect.js';
import type { OutboxRow } from '../db/schema.js';
import { OutboxRepository, type OutboxSummary } from '../repositories/outbox.repository.js';
import { AuthzError, canReadOutbox, ensure, requireStaff, type Principal } from '../authz/accounts.js';

export class OutboxService {
  constructor(private readonly deps: { db: Db }) {}

  /** The newest messages first; `beforeId` pages backwards. */
  async list(principal: Principal | null | undefined, opts: { limit?: number; beforeId?: number; to?: string } = {}): Promise<OutboxSummary[]> {
    ensure(canReadOutbox(requireStaff(principal)));
    return new OutboxRepository(this.deps.db.kysely).list(opts);
  }

  /** One message with its text and HTML parts (to show the HTML, a page must sandbox it: it is an email). */
  async get(principal: Principal | null | undefined, id: number): Promise<OutboxRow> {
    ensure(canReadOutbox(requireStaff(principal)));
    const n = Number(id);
    const row = Number.isSafeInteger(n) ? await new OutboxRepository(this.deps.db.kysely).get(n) : undefined;
    if (!row) throw new AuthzError('NOT_FOUND');
    return row;
  }
}
