// Reader notices: due soon, overdue (at +7, +14, +21 days, firmer each time), membership ending. One email per
// reader per run grouping what there is to say, in the reader's language; readers without an email address get
// a notice to print instead (staff list, PDF). Each thing told (a loan due soon at a due date, an overdue level
// of a loan, a membership end) is recorded in notice_items with the outbox row, in one transaction: however
// many runs, workers or crashes, it is never told twice, and never lost (the outbox delivers what is recorded).
// The hold-available and hold-expired emails are sent by circulation when the event happens.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { inTransaction } from '../db/transaction.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Config } from '../config/config.js';
import { addDays, localDate } from '../domain/circulation/calendar.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { defaultFrom, type Mailer } from '../notices/mailer.js';
import { readerNoticeMail, type NoticeLoan } from '../notices/templates/reader-notice.js';
import { AuthzError, requireReader, type Principal } from '../authz/accounts.js';
import { TIME_ZONE } from './circulation.service.js';
import { NOTICE_SETTINGS_KEY, parseNoticeSettings, type NoticeSettings } from './notice-settings.js';

export { DEFAULT_NOTICE_SETTINGS, parseNoticeSettings, type NoticeSettings } from './notice-settings.js';

/** The optional notices (a reader may turn them off; they carry an unsubscribe link). */
export const OPTIONAL_NOTICES = ['due-soon'] as const;
export type OptionalNotice = (typeof OPTIONAL_NOTICES)[number];

export interface PlannedNotice {
  readerId: number;
  cardNumber: string;
  name: string;
  email: string | null;
  overdue: Array<NoticeLoan & { key: string }>;
  dueSoon: Array<NoticeLoan & { key: string }>;
  membershipEnds: { date: string; key: string } | null;
}

export interface RunReport {
  readers: number;
  emails: number;
  toPrint: number;
  items: number;
  /** readers skipped because another run recorded their items first */
  skipped: number;
  planned?: PlannedNotice[];
}

const SECRET_KEY = 'notices.secret';

export class NoticesService {
  private readonly now: () => Date;

  constructor(private readonly deps: { db: Db; config: Pick<Config, 'baseUrl'>; mailer?: Mailer; now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
  }

  private get k() {
    return this.deps.db.kysely;
  }

  async settings(): Promise<NoticeSettings> {
    const row = await this.k.selectFrom('settings').select('value').where('key', '=', NOTICE_SETTINGS_KEY).executeTakeFirst();
    return parseNoticeSettings(row?.value);
  }

  /** What a run would send now: readers with something to be told that was not told yet. */
  async plan(): Promise<PlannedNotice[]> {
    const s = await this.settings();
    const today = localDate(this.now(), TIME_ZONE);
    const soonUntil = addDays(today, s.dueSoon.daysBefore);
    const firstLevel = s.overdue.days[0] ?? 7;
    const loans = await this.k
      .selectFrom('loans as l')
      .innerJoin('copies as c', 'c.id', 'l.copy_id')
      .innerJoin('records as r', 'r.id', 'l.record_id')
      .select(['l.id', 'l.reader_id', 'l.due_date', 'c.barcode', 'r.title'])
      .where('l.returned_at', 'is', null)
      .where((eb) => {
        const parts = [];
        if (s.dueSoon.enabled) parts.push(eb.and([eb('l.due_date', '>=', today), eb('l.due_date', '<=', soonUntil)]));
        if (s.overdue.enabled) parts.push(eb('l.due_date', '<=', addDays(today, -firstLevel)));
        return parts.length ? eb.or(parts) : eb.val(false);
      })
      .orderBy('l.reader_id')
      .orderBy('l.due_date')
      .execute();
    const byReader = new Map<number, PlannedNotice>();
    const readerIds = new Set<number>(loans.map((l) => l.reader_id!).filter((x) => x !== null));
    const ending = s.membershipEnding.enabled
      ? await this.k.selectFrom('readers').select(['id', 'membership_expires']).where('membership_expires', '>=', today).where('membership_expires', '<=', addDays(today, s.membershipEnding.daysBefore)).execute()
      : [];
    for (const e of ending) readerIds.add(e.id);
    if (!readerIds.size) return [];
    const ids = [...readerIds];
    const readers = new Map<number, { card_number: string; first_name: string; last_name: string; email: string | null }>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await this.k.selectFrom('readers').select(['id', 'card_number', 'first_name', 'last_name', 'email']).where('id', 'in', ids.slice(i, i + 500)).execute()) readers.set(r.id, r);
    }
    const optedOut = new Set((await this.k.selectFrom('reader_notice_optouts').select(['reader_id']).where('kind', '=', 'due-soon').execute()).map((r) => r.reader_id));
    const entry = (id: number): PlannedNotice => {
      let p = byReader.get(id);
      if (!p) {
        const r = readers.get(id)!;
        p = { readerId: id, cardNumber: r.card_number, name: `${r.first_name} ${r.last_name}`, email: r.email, overdue: [], dueSoon: [], membershipEnds: null };
        byReader.set(id, p);
      }
      return p;
    };
    const candidates: Array<{ readerId: number; key: string; apply: (p: PlannedNotice) => void }> = [];
    for (const l of loans) {
      if (l.reader_id === null || !readers.has(l.reader_id)) continue;
      const loan = { title: l.title, barcode: l.barcode, dueDate: l.due_date };
      if (l.due_date >= today) {
        // optional, and never printed: a reader without an email address gets no due-soon reminder
        if (optedOut.has(l.reader_id) || !readers.get(l.reader_id)!.email) continue;
        const key = `due-soon:${l.id}:${l.due_date}`;
        candidates.push({ readerId: l.reader_id, key, apply: (p) => p.dueSoon.push({ ...loan, key }) });
      } else {
        const late = Math.round((Date.parse(today) - Date.parse(l.due_date)) / 86_400_000);
        const level = s.overdue.days.filter((d) => late >= d).length;
        if (!level) continue;
        const key = `overdue-${level}:${l.id}:${l.due_date}`;
        candidates.push({ readerId: l.reader_id, key, apply: (p) => p.overdue.push({ ...loan, level, key }) });
      }
    }
    for (const e of ending) {
      const key = `membership-ending:${e.id}:${e.membership_expires}`;
      candidates.push({ readerId: e.id, key, apply: (p) => (p.membershipEnds = { date: e.membership_expires!, key }) });
    }
    // leave out what was told already
    const told = new Set<string>();
    const keys = candidates.map((c) => c.key);
    for (let i = 0; i < keys.length; i += 500) {
      for (const r of await this.k.selectFrom('notice_items').select('item_key').where('item_key', 'in', keys.slice(i, i + 500)).execute()) told.add(r.item_key);
    }
    for (const c of candidates) if (!told.has(c.key) && readers.has(c.readerId)) c.apply(entry(c.readerId));
    return [...byReader.values()].filter((p) => p.overdue.length || p.dueSoon.length || p.membershipEnds);
  }

  /** Plans, then records one notice per reader (and its items) in one transaction each, then delivers them. */
  async run(opts: { dryRun?: boolean; deliverConcurrency?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<RunReport> {
    const planned = await this.plan();
    const report: RunReport = { readers: planned.length, emails: 0, toPrint: 0, items: 0, skipped: 0 };
    if (opts.dryRun) return { ...report, planned };
    const [settings, account] = [await this.settings(), await new AccountSettingsRepository(this.k).load()];
    const from = account.mailFrom ?? defaultFrom(account.networkName, this.deps.config.baseUrl);
    const secret = await this.secret();
    const readerInfo = await this.readerInfo(planned.map((p) => p.readerId));
    const recorded: number[] = [];
    let done = 0;
    type Composed = { p: PlannedNotice; items: string[]; msg: Parameters<Mailer['record']>[1] };
    const compose = (p: PlannedNotice): Composed => {
      const info = readerInfo.get(p.readerId)!;
      const items = [...p.overdue.map((l) => l.key), ...p.dueSoon.map((l) => l.key), ...(p.membershipEnds ? [p.membershipEnds.key] : [])];
      const optional = p.overdue.length === 0 && !p.membershipEnds;
      const unsubscribe = optional ? this.unsubscribeLink(secret, p.readerId, 'due-soon') : null;
      const mail = readerNoticeMail({
        lang: info.language,
        networkName: account.networkName,
        firstName: info.firstName,
        overdue: p.overdue,
        dueSoon: p.dueSoon,
        membershipEnds: p.membershipEnds?.date ?? null,
        library: info.library,
        accountLink: `${this.deps.config.baseUrl}/compte/prets`,
        intros: Object.fromEntries(Object.entries(settings.intros).map(([k, v]) => [k, v?.[info.language] ?? null])),
        unsubscribeLink: unsubscribe,
        preferencesLink: `${this.deps.config.baseUrl}/compte/avis`,
      });
      const kind = p.overdue.length ? 'overdue' : p.dueSoon.length ? 'due-soon' : 'membership-ending';
      const headers = unsubscribe ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : undefined;
      return { p, items, msg: { kind, to: p.email ?? '', from, readerId: p.readerId, ...mail, print: !p.email, headers } };
    };
    /** Records notices and their items in one transaction; a unique violation (another run told one) fails it all. */
    const record = (batch: Composed[]) =>
      inTransaction(this.deps.db, async (tx) => {
        const ids = (await this.mailer().recordMany(tx.kysely, batch.map((c) => c.msg))).map((r) => r.id);
        const items = batch.flatMap((c, j) => c.items.map((item_key) => ({ item_key, outbox_id: ids[j]! })));
        for (let i = 0; i < items.length; i += 1000) await tx.kysely.insertInto('notice_items').values(items.slice(i, i + 1000)).execute();
        return ids;
      });
    const counted = (c: Composed, id: number) => {
      if (c.p.email) recorded.push(id);
      else report.toPrint++;
      report.items += c.items.length;
    };
    // 200 readers a transaction (a run of 100,000 notices is 500 commits, not 100,000); should another run have
    // told one of them meanwhile, that batch is recorded again reader by reader, skipping what was told
    const BATCH = 200;
    for (let i = 0; i < planned.length; i += BATCH) {
      const batch = planned.slice(i, i + BATCH).map(compose);
      try {
        const ids = await record(batch);
        batch.forEach((c, j) => counted(c, ids[j]!));
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        for (const c of batch) {
          try {
            counted(c, (await record([c]))[0]!);
          } catch (e2) {
            if (!isUniqueViolation(e2)) throw e2;
            report.skipped++;
          }
        }
      }
      done += batch.length;
      opts.onProgress?.(done, planned.length * 2);
    }
    report.emails = recorded.length;
    // deliver now, several at a time over the mailer's pooled connections; what fails is retried by the outbox job
    if (this.deps.mailer) await this.deps.mailer.deliverMany(recorded, opts.deliverConcurrency ?? 4, () => opts.onProgress?.(++done, planned.length * 2));
    return report;
  }

  private mailer(): Mailer {
    if (!this.deps.mailer) throw new Error('NoticesService needs a mailer to record notices');
    return this.deps.mailer;
  }

  private async readerInfo(ids: number[]) {
    const out = new Map<number, { firstName: string; language: 'fr' | 'en'; library: { name: string; address: string | null; postcode: string | null; city: string | null; phone: string | null; email: string | null } }>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.k
        .selectFrom('readers as r')
        .innerJoin('libraries as l', 'l.id', 'r.home_library_id')
        .select(['r.id', 'r.first_name', 'r.language', 'l.name', 'l.address', 'l.postcode', 'l.city', 'l.phone', 'l.email'])
        .where('r.id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.id, { firstName: r.first_name, language: r.language === 'en' ? 'en' : 'fr', library: { name: r.name, address: r.address, postcode: r.postcode, city: r.city, phone: r.phone, email: r.email } });
    }
    return out;
  }

  // ---------------------------------------------------------------- optional notices and unsubscribing

  /** The key that signs unsubscribe links (generated once, kept in settings). */
  private async secret(): Promise<string> {
    const row = await this.k.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirst();
    if (row) return row.value;
    await this.k.insertInto('settings').values({ key: SECRET_KEY, value: randomBytes(32).toString('hex') }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.k.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow()).value;
  }

  private sign(secret: string, readerId: number, kind: string): string {
    return createHmac('sha256', secret).update(`unsubscribe:${readerId}:${kind}`).digest('base64url');
  }

  unsubscribeLink(secret: string, readerId: number, kind: OptionalNotice): string {
    return `${this.deps.config.baseUrl}/avis/desabonnement?${new URLSearchParams({ r: String(readerId), k: kind, t: this.sign(secret, readerId, kind) })}`;
  }

  /** One-click unsubscribe (RFC 8058) from a signed link: no sign-in needed, nothing revealed. */
  async unsubscribe(readerId: string, kind: string, token: string): Promise<boolean> {
    const id = /^\d{1,10}$/.test(readerId) ? Number(readerId) : NaN;
    if (!Number.isSafeInteger(id) || !(OPTIONAL_NOTICES as readonly string[]).includes(kind)) return false;
    const expected = Buffer.from(this.sign(await this.secret(), id, kind));
    const given = Buffer.from(String(token));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    if (!(await this.k.selectFrom('readers').select('id').where('id', '=', id).executeTakeFirst())) return false;
    await this.k.insertInto('reader_notice_optouts').values({ reader_id: id, kind, created_at: this.now().toISOString() }).onConflict((oc) => oc.columns(['reader_id', 'kind']).doNothing()).execute();
    return true;
  }

  /** The signed-in reader's optional notices and whether each is on. */
  async preferences(principal: Principal | null | undefined): Promise<Record<OptionalNotice, boolean>> {
    const me = requireReader(principal);
    const off = new Set((await this.k.selectFrom('reader_notice_optouts').select('kind').where('reader_id', '=', me.readerId).execute()).map((r) => r.kind));
    return Object.fromEntries(OPTIONAL_NOTICES.map((k) => [k, !off.has(k)])) as Record<OptionalNotice, boolean>;
  }

  async setPreferences(principal: Principal | null | undefined, wanted: Partial<Record<OptionalNotice, boolean>>): Promise<void> {
    const me = requireReader(principal);
    for (const kind of OPTIONAL_NOTICES) {
      if (wanted[kind] === undefined) continue;
      if (wanted[kind]) await this.k.deleteFrom('reader_notice_optouts').where('reader_id', '=', me.readerId).where('kind', '=', kind).execute();
      else await this.k.insertInto('reader_notice_optouts').values({ reader_id: me.readerId, kind, created_at: this.now().toISOString() }).onConflict((oc) => oc.columns(['reader_id', 'kind']).doNothing()).execute();
    }
  }

  /** "Mes messages": the signed-in reader's emails and notices, newest first. */
  async myMessages(principal: Principal | null | undefined, limit = 100) {
    const me = requireReader(principal);
    return this.k.selectFrom('outbox').select(['id', 'kind', 'subject', 'status', 'created_at', 'sent_at', 'print']).where('reader_id', '=', me.readerId).orderBy('id', 'desc').limit(limit).execute();
  }

  async myMessage(principal: Principal | null | undefined, id: number) {
    const me = requireReader(principal);
    const row = Number.isSafeInteger(Number(id))
      ? await this.k.selectFrom('outbox').select(['id', 'kind', 'subject', 'status', 'created_at', 'sent_at', 'text_body', 'print']).where('id', '=', Number(id)).where('reader_id', '=', me.readerId).executeTakeFirst()
      : undefined;
    if (!row) throw new AuthzError('NOT_FOUND');
    return row;
  }
}
