// CAPTCHA challenges. The answer never leaves the server; a challenge is consumed by its first answer,
// right or wrong, with one conditional UPDATE ... RETURNING (no second guess on the same image).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface StoredCaptcha {
  id: string;
  answer: string;
  seed: number;
  powChallenge: string;
  powDifficulty: number;
  expiresAt: string;
}

export class AccountCaptchaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(c: StoredCaptcha & { createdAt: string }): Promise<void> {
    await this.db
      .insertInto('captchas')
      .values({
        id: c.id,
        answer: c.answer,
        seed: c.seed,
        pow_challenge: c.powChallenge,
        pow_difficulty: c.powDifficulty,
        created_at: c.createdAt,
        expires_at: c.expiresAt,
        used_at: null,
      })
      .execute();
  }

  /** An unused, unexpired challenge (to draw its image again), without consuming it. */
  async peek(id: string, now: string): Promise<StoredCaptcha | undefined> {
    const r = await this.db
      .selectFrom('captchas')
      .selectAll()
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return r && { id: r.id, answer: r.answer, seed: r.seed, powChallenge: r.pow_challenge, powDifficulty: r.pow_difficulty, expiresAt: r.expires_at };
  }

  async consume(id: string, now: string): Promise<StoredCaptcha | undefined> {
    const r = await this.db
      .updateTable('captchas')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return r && { id: r.id, answer: r.answer, seed: r.seed, powChallenge: r.pow_challenge, powDifficulty: r.pow_difficulty, expiresAt: r.expires_at };
  }

  async purge(before: string): Promise<void> {
    await this.db.deleteFrom('captchas').where('expires_at', '<', before).execute();
  }
}
