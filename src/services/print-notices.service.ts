// Notices to print: a reader without an email address gets their notices on paper. The notices run records
// them in the outbox with print = 1 and status 'print' (never sent); staff list them, download them as one PDF
// (one notice a page) and mark them 'printed' once printed. A librarian handles the readers whose home library
// is one of theirs, a network administrator all of them (authz/accounts.ts worksAt).
//
// The PDF uses pdfkit's built-in Helvetica, encoded in WinAnsi (Windows-1252): it covers French (accents,
// « », œ, €, ’). Other characters are folded to their base letter when they have one, else replaced by "?",
// so a name in another script never turns into garbage (DESIGN.md: DejaVu TTF when the network needs them).
import { PrintNoticesRepository } from '../repositories/print-notices.repository.js';
import PDFDocument from 'pdfkit';
import type { Db } from '../db/connect.js';
import { requireStaff, worksAt, type Principal, type StaffPrincipal } from '../authz/accounts.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { localDate } from '../domain/circulation/calendar.js';
import { formatDay } from '../domain/circulation/messages.js';
import { TIME_ZONE } from './circulation.service.js';

/** At most this many notices in one list (and so in one PDF): the oldest first, the rest on the next round. */
export const PRINT_LIST_LIMIT = 500;

export interface PrintNotice {
  id: number;
  readerId: number;
  readerName: string;
  cardNumber: string;
  language: 'fr' | 'en';
  libraryId: number;
  libraryName: string;
  kind: string;
  subject: string;
  textBody: string;
  createdAt: string;
}

export class PrintNoticesService {
  constructor(private readonly deps: { db: Db; now?: () => Date }) {}

  private get repo() {
    return new PrintNoticesRepository(this.deps.db.kysely);
  }

  /**
   * The notices waiting to be printed that this staff member handles, oldest first. `upToId` keeps the list
   * the page showed (the PDF link carries it): a notice recorded since is left for the next round.
   */
  async list(principal: Principal | null | undefined, opts: { upToId?: number; limit?: number } = {}): Promise<PrintNotice[]> {
    const staff = requireStaff(principal);
    const libraries = scope(staff);
    if (libraries && !libraries.length) return [];
    // one more than a list holds tells a page there are more
    const rows = await this.repo.waiting(libraries, opts.upToId, Math.min(Math.max(1, opts.limit ?? PRINT_LIST_LIMIT), PRINT_LIST_LIMIT + 1));
    return rows
      .filter((r) => worksAt(staff, r.home_library_id))
      .map((r) => ({
        id: r.id,
        readerId: r.reader_id!,
        readerName: `${r.first_name} ${r.last_name}`,
        cardNumber: r.card_number,
        language: r.language === 'en' ? 'en' : 'fr',
        libraryId: r.home_library_id,
        libraryName: r.library_name,
        kind: r.kind,
        subject: r.subject,
        textBody: r.text_body,
        createdAt: r.created_at,
      }));
  }

  /** The same notices as one PDF, one notice a page. */
  async pdf(principal: Principal | null | undefined, opts: { upToId?: number } = {}): Promise<{ pdf: Buffer; count: number }> {
    const notices = await this.list(principal, opts);
    const { networkName } = await new AccountSettingsRepository(this.deps.db.kysely).load();
    return { pdf: await printNoticesPdf(notices, { networkName, now: (this.deps.now ?? (() => new Date()))() }), count: notices.length };
  }

  /**
   * Marks these notices printed. Only notices still waiting and of readers this staff member handles are
   * touched; other ids are ignored (a notice of another library is not theirs to mark). Returns how many.
   */
  async markPrinted(principal: Principal | null | undefined, ids: number[]): Promise<number> {
    const staff = requireStaff(principal);
    const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))].slice(0, PRINT_LIST_LIMIT);
    const libraries = scope(staff);
    if (!wanted.length || (libraries && !libraries.length)) return 0;
    const mine = (await this.repo.waitingAmong(wanted, libraries)).filter((r) => worksAt(staff, r.home_library_id)).map((r) => r.id);
    if (!mine.length) return 0;
    const now = (this.deps.now ?? (() => new Date()))().toISOString();
    // sent_at: when it left the library, on paper
    return this.repo.markPrinted(mine, now);
  }
}

/** The home libraries a staff member's list is limited to, or null for all (an administrator). */
function scope(s: StaffPrincipal): number[] | null {
  return s.role === 'admin' ? null : s.libraryIds;
}

// ------------------------------------------------------------------------------------------------ the PDF

/** The characters of WinAnsiEncoding (Windows-1252) besides Latin-1: what Helvetica can show in pdfkit. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function inWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return ch === '\n' || ch === '\t' || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

/** Text Helvetica (WinAnsi) can show: NFC, then letters outside it folded to their base letter, or "?". */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n')) {
    if (inWinAnsi(ch)) out += ch;
    else if (ch === '\u202f' || ch === '\u2009') out += ' ';
    else {
      const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
      out += base && [...base].every(inWinAnsi) ? base : '?';
    }
  }
  return out;
}

const PDF_TEXT = {
  fr: { card: 'Carte n°', date: (d: string) => `Le ${d}`, library: 'Bibliothèque' },
  en: { card: 'Card no.', date: (d: string) => d, library: 'Library' },
};

/** One page a notice: the network's name, the reader's name and card number, the date, the subject, the text. */
export function printNoticesPdf(notices: PrintNotice[], opts: { networkName: string; now: Date }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    autoFirstPage: false,
    info: { Title: toWinAnsi(`${opts.networkName} : avis à imprimer`), Author: toWinAnsi(opts.networkName), Creator: 'Colophon', CreationDate: opts.now },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const n of notices) {
    const t = PDF_TEXT[n.language];
    doc.addPage();
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    doc.font('Helvetica-Bold').fontSize(10).fillColor('#444444').text(toWinAnsi(opts.networkName), { width });
    doc.font('Helvetica').text(toWinAnsi(`${t.library} : ${n.libraryName}`), { width });
    doc.moveDown(1.5);
    doc.fillColor('#000000').font('Helvetica-Bold').fontSize(12).text(toWinAnsi(n.readerName), { width });
    doc.font('Helvetica').fontSize(11).text(toWinAnsi(`${t.card} ${n.cardNumber}`), { width });
    doc.moveDown(1);
    doc.text(toWinAnsi(t.date(formatDay(localDate(new Date(n.createdAt), TIME_ZONE)))), { width, align: 'right' });
    doc.moveDown(1);
    doc.font('Helvetica-Bold').fontSize(13).text(toWinAnsi(n.subject), { width });
    doc.moveDown(0.75);
    doc.font('Helvetica').fontSize(11).text(toWinAnsi(n.textBody.trim()), { width, lineGap: 2 });
  }
  if (!notices.length) doc.addPage().font('Helvetica').fontSize(11).text(toWinAnsi(`${opts.networkName} : aucun avis à imprimer.`));
  doc.end();
  return done;
}
