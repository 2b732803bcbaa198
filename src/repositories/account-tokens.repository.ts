// Single-use tokens sent by email (password reset, email change). Only their SHA-256 is stored. Consuming
// is one conditional UPDATE ... RETURNING, so two clicks on the same link (or two processes) cannot both win.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export class AccountTokensRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createReset(t: { tokenHash: string; readerId: number; createdAt: string; expiresAt: string }): Promise<void> {
    await this.db
      .insertInto('password_reset_tokens')
      .values({ token_hash: t.tokenHash, reader_id: t.readerId, created_at: t.createdAt, expires_at: t.expiresAt, used_at: null })
      .execute();
  }

  /** The reader of an unused, unexpired reset token, without consuming it (the page that asks for the new password). */
  async peekReset(tokenHash: string, now: string): Promise<{ readerId: number } | undefined> {
    const r = await this.db
      .selectFrom('password_reset_tokens')
      .select('reader_id')
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return r && { readerId: r.reader_id };
  }

  /** Marks the token used if it is still valid; returns its reader, or undefined if someone else used it first. */
  async consumeReset(tokenHash: string, now: string): Promise<{ readerId: number } | undefined> {
    const r = await this.db
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('reader_id')
      .executeTakeFirst();
    return r && { readerId: r.reader_id };
  }

  /** Every other outstanding reset link of the reader stops working once one has been used. */
  async retireResets(readerId: number, now: string): Promise<void> {
    await this.db.updateTable('password_reset_tokens').set({ used_at: now }).where('reader_id', '=', readerId).where('used_at', 'is', null).execute();
  }

  async countRecentResets(readerId: number, since: string): Promise<number> {
    const r = await this.db
      .selectFrom('password_reset_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('reader_id', '=', readerId)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async createEmailChange(t: { tokenHash: string; readerId: number; newEmail: string; createdAt: string; expiresAt: string }): Promise<void> {
    // A newer request replaces an older one still waiting for confirmation.
    await this.db.updateTable('email_change_tokens').set({ used_at: t.createdAt }).where('reader_id', '=', t.readerId).where('used_at', 'is', null).execute();
    await this.db
      .insertInto('email_change_tokens')
      .values({ token_hash: t.tokenHash, reader_id: t.readerId, new_email: t.newEmail, created_at: t.createdAt, expires_at: t.expiresAt, used_at: null })
      .execute();
  }

  async pendingEmailChange(readerId: number, now: string): Promise<{ newEmail: string; expiresAt: string } | undefined> {
    const r = await this.db
      .selectFrom('email_change_tokens')
      .select(['new_email', 'expires_at'])
      .where('reader_id', '=', readerId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return r && { newEmail: r.new_email, expiresAt: r.expires_at };
  }

  async consumeEmailChange(tokenHash: string, now: string): Promise<{ readerId: number; newEmail: string } | undefined> {
    const r = await this.db
      .updateTable('email_change_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['reader_id', 'new_email'])
      .executeTakeFirst();
    return r && { readerId: r.reader_id, newEmail: r.new_email };
  }

  async purge(before: string): Promise<void> {
    await this.db.deleteFrom('password_reset_tokens').where('expires_at', '<', before).execute();
    await this.db.deleteFrom('email_change_tokens').where('expires_at', '<', before).execute();
  }
}
