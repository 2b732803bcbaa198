// Reader notices: due soon, overdue (at +7, +14, +21 days, firmer each time), membership ending. One email per
// reader per run grouping what there is to say, in the reader's language; readers without an email address get
// a notice to print instead (staff list, PDF). Each thing told (a loan due soon at a due date, an overdue level
// of a loan, a membership end) is recorded in notice_items with the outbox row, in one transaction: however
// many runs, workers or crashes, it is never told twice, and never lost (the outbox delivers what is recorded).
// The hold-available and hold-expired emails are sent by circulation when the event happens.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { inTransaction } from '../db/transaction.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Config } from '../config/config.js';
import { addDays, localDate } from '../domain/circulation/calendar.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { NoticesRepository } from '../repositories/notices.repository.js';
import { defaultFrom, type Mailer } from '../notices/mailer.js';
import { readerNoticeMail, type NoticeLoan } from '../notices/templates/reader-notice.js';
import { AuthzError, canEditNoticeSettings, ensure, requireReader, type Principal, type StaffPrincipal } from '../authz/accounts.js';
import { TIME_ZONE } from './circulation.service.js';
import { NOTICE_SETTINGS_KEY, noticeSettingsFromForm, parseNoticeSettings, type NoticeSettings, type NoticeSettingsError, type NoticeSettingsForm } from './notice-settings.js';

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

export class NoticesService {
  private readonly now: () => Date;

  constructor(private readonly deps: { db: Db; config: Pick<Config, 'baseUrl'>; mailer?: Mailer; now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
  }

  private get repo() {
    return new NoticesRepository(this.deps.db.kysely);
  }

  async settings(): Promise<NoticeSettings> {
    return parseNoticeSettings(await this.repo.setting(NOTICE_SETTINGS_KEY));
  }

  /**
   * The network's notice settings as an administrator submitted them (the back office's /staff/reglages-avis):
   * saved, or each refused field with why.
   */
  async saveSettings(staff: StaffPrincipal, form: NoticeSettingsForm): Promise<{ ok: true } | { ok: false; errors: Record<string, NoticeSettingsError> }> {
    ensure(canEditNoticeSettings(staff));
    const r = noticeSettingsFromForm(form);
    if (!r.ok) return r;
    await this.repo.saveSetting(NOTICE_SETTINGS_KEY, JSON.stringify(r.settings));
    return { ok: true };
  }

  /** What a run would send now: readers with something to be told that was not told yet. */
  async plan(): Promise<PlannedNotice[]> {
    const s = await this.settings();
    const today = localDate(this.now(), TIME_ZONE);
    const soonUntil = addDays(today, s.dueSoon.daysBefore);
    const firstLevel = s.overdue.days[0] ?? 7;
    const repo = this.repo;
    const loans = await repo.loansToTell(s.dueSoon.enabled ? { from: today, until: soonUntil } : null, s.overdue.enabled ? addDays(today, -firstLevel) : null);
    const byReader = new Map<number, PlannedNotice>();
    const readerIds = new Set<number>(loans.map((l) => l.reader_id!).filter((x) => x !== null));
    const ending = s.membershipEnding.enabled
      ? await repo.membershipsEnding(today, addDays(today, s.membershipEnding.daysBefore))
      : [];
    for (const e of ending) readerIds.add(e.id);
    if (!readerIds.size) return [];
    const ids = [...readerIds];
    const readers = await repo.readers(ids);
    const optedOut = await repo.optedOut('due-soon');
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
    const told = await repo.told(candidates.map((c) => c.key));
    for (const c of candidates) if (!told.has(c.key) && readers.has(c.readerId)) c.apply(entry(c.readerId));
    return [...byReader.values()].filter((p) => p.overdue.length || p.dueSoon.length || p.membershipEnds);
  }

  /** Plans, then records the notices (one per reader, with its items) 200 readers a transaction, delivering each batch once it is recorded. */
  async run(opts: { dryRun?: boolean; onProgress?: (done: number, total: number, phase: 'record' | 'deliver') => void } = {}): Promise<RunReport> {
    const planned = await this.plan();
    const report: RunReport = { readers: planned.length, emails: 0, toPrint: 0, items: 0, skipped: 0 };
    if (opts.dryRun) return { ...report, planned };
    const [settings, account] = [await this.settings(), await new AccountSettingsRepository(this.deps.db.kysely).load()];
    const from = account.mailFrom ?? defaultFrom(account.networkName, this.deps.config.baseUrl);
    const secret = await this.repo.secret();
    const readerInfo = await this.repo.readerInfo(planned.map((p) => p.readerId));
    let done = 0;
    // delivery starts with the first batch recorded; what fails is retried by the outbox job
    const delivery = this.deps.mailer?.deliveryQueue(() => opts.onProgress?.(++done, planned.length * 2, 'deliver'));
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
        await new NoticesRepository(tx.kysely).addItems(batch.flatMap((c, j) => c.items.map((item_key) => ({ item_key, outbox_id: ids[j]! }))));
        return ids;
      });
    const counted = (c: Composed, id: number) => {
      if (c.p.email) {
        report.emails++;
        delivery?.add([id]);
      } else report.toPrint++;
      report.items += c.items.length;
    };
    // 200 readers a transaction (a run of 100,000 notices is 500 commits, not 100,000); should another run have
    // told one of them meanwhile, that batch is recorded again reader by reader, skipping what was told
    const BATCH = 200;
    try {
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
        opts.onProgress?.(done, planned.length * 2, 'record');
      }
    } finally {
      // what was recorded is delivered, even when a later batch failed
      await delivery?.finish();
    }
    return report;
  }

  private mailer(): Mailer {
    if (!this.deps.mailer) throw new Error('NoticesService needs a mailer to record notices');
    return this.deps.mailer;
  }

  // ---------------------------------------------------------------- optional notices and unsubscribing

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
    const expected = Buffer.from(this.sign(await this.repo.secret(), id, kind));
    const given = Buffer.from(String(token));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    if (!(await this.repo.readerExists(id))) return false;
    await this.repo.optOut(id, kind, this.now().toISOString());
    return true;
  }

  /** The signed-in reader's optional notices and whether each is on. */
  async preferences(principal: Principal | null | undefined): Promise<Record<OptionalNotice, boolean>> {
    const me = requireReader(principal);
    const off = await this.repo.optOutsOf(me.readerId);
    return Object.fromEntries(OPTIONAL_NOTICES.map((k) => [k, !off.has(k)])) as Record<OptionalNotice, boolean>;
  }

  async setPreferences(principal: Principal | null | undefined, wanted: Partial<Record<OptionalNotice, boolean>>): Promise<void> {
    const me = requireReader(principal);
    for (const kind of OPTIONAL_NOTICES) {
      if (wanted[kind] === undefined) continue;
      if (wanted[kind]) await this.repo.optIn(me.readerId, kind);
      else await this.repo.optOut(me.readerId, kind, this.now().toISOString());
    }
  }

  /** "Mes messages": the signed-in reader's emails and notices, newest first. */
  async myMessages(principal: Principal | null | undefined, limit = 100) {
    const me = requireReader(principal);
    return this.repo.messagesOf(me.readerId, limit);
  }

  async myMessage(principal: Principal | null | undefined, id: number) {
    const me = requireReader(principal);
    const row = Number.isSafeInteger(Number(id))
      ? await this.repo.messageOf(me.readerId, Number(id))
      : undefined;
    if (!row) throw new AuthzError('NOT_FOUND');
    return row;
  }
}
