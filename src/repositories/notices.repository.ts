// What reader notices read and write: the loans and memberships to tell about, what was told (notice_items),
// readers' optional-notice choices, their messages, and the key that signs unsubscribe links.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const IN_CHUNK = 500;
const SECRET_KEY = 'notices.secret';

export interface NoticeReader {
  id: number;
  card_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
}

export interface NoticeReaderInfo {
  firstName: string;
  language: 'fr' | 'en';
  library: { name: string; address: string | null; postcode: string | null; city: string | null; phone: string | null; email: string | null };
}

export class NoticesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async setting(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  async saveSetting(key: string, value: string): Promise<void> {
    await this.db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }

  /** Open loans due between the two dates (due soon) or on or before `overdueUntil` (overdue); null = not wanted. */
  loansToTell(dueSoon: { from: string; until: string } | null, overdueUntil: string | null) {
    return this.db
      .selectFrom('loans as l')
      .innerJoin('copies as c', 'c.id', 'l.copy_id')
      .innerJoin('records as r', 'r.id', 'l.record_id')
      .select(['l.id', 'l.reader_id', 'l.due_date', 'c.barcode', 'r.title'])
      .where('l.returned_at', 'is', null)
      .where((eb) => {
        const parts = [];
        if (dueSoon) parts.push(eb.and([eb('l.due_date', '>=', dueSoon.from), eb('l.due_date', '<=', dueSoon.until)]));
        if (overdueUntil) parts.push(eb('l.due_date', '<=', overdueUntil));
        return parts.length ? eb.or(parts) : eb.val(false);
      })
      .orderBy('l.reader_id')
      .orderBy('l.due_date')
      .execute();
  }

  membershipsEnding(from: string, until: string) {
    return this.db.selectFrom('readers').select(['id', 'membership_expires']).where('membership_expires', '>=', from).where('membership_expires', '<=', until).execute();
  }

  async readers(ids: number[]): Promise<Map<number, NoticeReader>> {
    const out = new Map<number, NoticeReader>();
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      for (const r of await this.db.selectFrom('readers').select(['id', 'card_number', 'first_name', 'last_name', 'email']).where('id', 'in', ids.slice(i, i + IN_CHUNK)).execute()) out.set(r.id, r);
    }
    return out;
  }

  /** Each reader's first name, language and home library's contact details. */
  async readerInfo(ids: number[]): Promise<Map<number, NoticeReaderInfo>> {
    const out = new Map<number, NoticeReaderInfo>();
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const rows = await this.db
        .selectFrom('readers as r')
        .innerJoin('libraries as l', 'l.id', 'r.home_library_id')
        .select(['r.id', 'r.first_name', 'r.language', 'l.name', 'l.address', 'l.postcode', 'l.city', 'l.phone', 'l.email'])
        .where('r.id', 'in', ids.slice(i, i + IN_CHUNK))
        .execute();
      for (const r of rows) out.set(r.id, { firstName: r.first_name, language: r.language === 'en' ? 'en' : 'fr', library: { name: r.name, address: r.address, postcode: r.postcode, city: r.city, phone: r.phone, email: r.email } });
    }
    return out;
  }

  /** Of these item keys, those already told. */
  async told(keys: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      for (const r of await this.db.selectFrom('notice_items').select('item_key').where('item_key', 'in', keys.slice(i, i + IN_CHUNK)).execute()) out.add(r.item_key);
    }
    return out;
  }

  /** Records what a notice told (a key already there fails: another run told it). */
  async addItems(items: Array<{ item_key: string; outbox_id: number }>): Promise<void> {
    for (let i = 0; i < items.length; i += 1000) await this.db.insertInto('notice_items').values(items.slice(i, i + 1000)).execute();
  }

  // ---------------------------------------------------------------- optional notices

  async optedOut(kind: string): Promise<Set<number>> {
    return new Set((await this.db.selectFrom('reader_notice_optouts').select('reader_id').where('kind', '=', kind).execute()).map((r) => r.reader_id));
  }

  async optOutsOf(readerId: number): Promise<Set<string>> {
    return new Set((await this.db.selectFrom('reader_notice_optouts').select('kind').where('reader_id', '=', readerId).execute()).map((r) => r.kind));
  }

  async optOut(readerId: number, kind: string, now: string): Promise<void> {
    await this.db.insertInto('reader_notice_optouts').values({ reader_id: readerId, kind, created_at: now }).onConflict((oc) => oc.columns(['reader_id', 'kind']).doNothing()).execute();
  }

  async optIn(readerId: number, kind: string): Promise<void> {
    await this.db.deleteFrom('reader_notice_optouts').where('reader_id', '=', readerId).where('kind', '=', kind).execute();
  }

  async readerExists(id: number): Promise<boolean> {
    return !!(await this.db.selectFrom('readers').select('id').where('id', '=', id).executeTakeFirst());
  }

  /** The key that signs unsubscribe links: generated once (the first process to need it wins), kept in settings. */
  async secret(): Promise<string> {
    const have = await this.setting(SECRET_KEY);
    if (have) return have;
    await this.db.insertInto('settings').values({ key: SECRET_KEY, value: randomBytes(32).toString('hex') }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.setting(SECRET_KEY))!;
  }

  // ---------------------------------------------------------------- "Mes messages"

  messagesOf(readerId: number, limit: number) {
    return this.db.selectFrom('outbox').select(['id', 'kind', 'subject', 'status', 'created_at', 'sent_at', 'print']).where('reader_id', '=', readerId).orderBy('id', 'desc').limit(limit).execute();
  }

  messageOf(readerId: number, id: number) {
    return this.db.selectFrom('outbox').select(['id', 'kind', 'subject', 'status', 'created_at', 'sent_at', 'text_body', 'print']).where('id', '=', id).where('reader_id', '=', readerId).executeTakeFirst();
  }
}
