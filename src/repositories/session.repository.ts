// Sessions in the database, so that every server process sees the same ones. Only the SHA-256 of a session
// token is stored: a copy of the database does not let anyone act as a signed-in reader.
import type { Kysely } from 'kysely';
import type { Database, SessionRow } from '../db/schema.js';

export type SessionOwner = { kind: 'reader'; readerId: number } | { kind: 'staff'; staffId: number };

export interface NewSession {
  tokenHash: string;
  owner: SessionOwner;
  persistent: boolean;
  createdAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
}

export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(s: NewSession): Promise<number> {
    const { id } = await this.db
      .insertInto('sessions')
      .values({
        token_hash: s.tokenHash,
        reader_id: s.owner.kind === 'reader' ? s.owner.readerId : null,
        staff_id: s.owner.kind === 'staff' ? s.owner.staffId : null,
        persistent: s.persistent ? 1 : 0,
        created_at: s.createdAt,
        last_seen_at: s.createdAt,
        expires_at: s.expiresAt,
        user_agent: s.userAgent,
        ip: s.ip,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  byTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async touch(id: number, now: string, ip: string | null): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now, ...(ip ? { ip } : {}) }).where('id', '=', id).execute();
  }

  /** Gives the session a new token (sign-in over an old session, password change): the old one stops working. */
  async rotate(id: number, newTokenHash: string, now: string): Promise<void> {
    await this.db.updateTable('sessions').set({ token_hash: newTokenHash, last_seen_at: now }).where('id', '=', id).execute();
  }

  async deleteById(id: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteByTokenHash(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Ends the owner's session `id`; false when there is no such session *of this owner*. */
  async deleteOwned(owner: SessionOwner, id: number): Promise<boolean> {
    const r = await this.ownedBy(this.db.deleteFrom('sessions'), owner).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /** Ends every session of the owner, except `keepId` when given. */
  async deleteAllOf(owner: SessionOwner, keepId?: number): Promise<number> {
    let q = this.ownedBy(this.db.deleteFrom('sessions'), owner);
    if (keepId !== undefined) q = q.where('id', '<>', keepId);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  listOf(owner: SessionOwner): Promise<SessionRow[]> {
    return this.ownedBy(this.db.selectFrom('sessions').selectAll(), owner).orderBy('last_seen_at', 'desc').orderBy('id', 'desc').execute();
  }

  /** Deletes sessions past their absolute expiry, and browser sessions idle since before `idleBefore`. */
  async purge(now: string, idleBefore: string): Promise<number> {
    const r = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb.and([eb('persistent', '=', 0), eb('last_seen_at', '<=', idleBefore)])]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private ownedBy<Q extends { where: (...args: any[]) => Q }>(q: Q, owner: SessionOwner): Q {
    return owner.kind === 'reader' ? q.where('reader_id', '=', owner.readerId) : q.where('staff_id', '=', owner.staffId);
  }
}
