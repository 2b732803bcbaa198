// The CAPTCHA test seam: reads a challenge's answer from the database. It lives under test/ and is imported
// only by tests: the application has no code path, route or setting that reveals an answer.
import type { Db } from '../../src/db/connect.js';

export async function captchaAnswer(db: Db, id: string): Promise<string> {
  const row = await db.kysely.selectFrom('captchas').select('answer').where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error(`no CAPTCHA ${id}`);
  return row.answer;
}

/** A fresh challenge's id and its right answer, in the shape the forgotten-password form sends. */
export async function solvedCaptcha(db: Db, captcha: { create(): Promise<{ id: string }> }): Promise<{ id: string; text: string }> {
  const c = await captcha.create();
  return { id: c.id, text: await captchaAnswer(db, c.id) };
}
