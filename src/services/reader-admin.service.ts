// Staff create and edit readers, and reset a reader's password to the initial one.
//
// - Validation errors come back per field (domain/reader-fields.ts), plus the ones that need the database:
//   card number already in use, unknown category or library, a library that is not the librarian's.
// - Who may: any staff member looks readers up; a librarian creates readers at their own libraries and edits
//   (or resets) readers of their libraries; a network administrator, everywhere (authz/accounts.ts).
// - A new reader gets the network's initial password (birth year or ddmmyyyy) and must change it at first
//   sign-in. Resetting gives the initial password back, forces the change, ends the reader's sessions and
//   clears their sign-in counters (a reader locked out by throttling gets back in through the desk too).
import type { Db } from '../db/connect.js';
import { inTransaction } from '../db/transaction.js';
import { AccountReadersRepository, type ReaderRecord, type ReaderValues } from '../repositories/account-readers.repository.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { AccountThrottleRepository } from '../repositories/account-throttle.repository.js';
import { AccountRepository } from '../repositories/account.repository.js';
import { SessionRepository } from '../repositories/session.repository.js';
import { fieldError, validateReaderFields, type RawReaderFields, type ReaderFieldError, type ReaderFields } from '../domain/reader-fields.js';
import { initialPassword, type InitialPasswordRule } from '../domain/passwords/initial-password.js';
import { normaliseCardNumber } from '../domain/identifiers.js';
import { AuthzError, canCreateReaderAt, canEditReader, canViewReader, ensure, requireStaff, type Principal, type StaffPrincipal } from '../authz/accounts.js';
import { argon2Hasher, readerIdentifierKeys, type PasswordHasher } from './auth.service.js';

/** At most this many readers per look-up: the desk refines the search rather than paging through names. */
export const READER_SEARCH_LIMIT = 50;

export interface ReaderSearchResult {
  readers: ReaderRecord[];
  /** more readers match than were returned */
  more: boolean;
}

export interface Choice {
  id: number;
  code: string;
  name: string;
}

/** What the staff reader form offers: every category, and the libraries this staff member may create readers at. */
export interface ReaderFormChoices {
  categories: Choice[];
  libraries: Choice[];
  /** every library, for names on reader pages */
  allLibraries: Choice[];
}

export type ReaderSaveResult = { ok: true; readerId: number; initialPasswordRule?: InitialPasswordRule } | { ok: false; errors: ReaderFieldError[] };

/** Today's date in the network's time zone (Europe/Paris), "yyyy-mm-dd": birth dates are compared with it. */
export function parisToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export class ReaderAdminService {
  private readonly now: () => Date;
  private readonly hasher: PasswordHasher;

  constructor(private readonly deps: { db: Db; now?: () => Date; hasher?: PasswordHasher }) {
    this.now = deps.now ?? (() => new Date());
    this.hasher = deps.hasher ?? argon2Hasher;
  }

  private get readers() {
    return new AccountReadersRepository(this.deps.db.kysely);
  }

  async get(principal: Principal | null | undefined, readerId: number): Promise<ReaderRecord> {
    const staff = requireStaff(principal);
    ensure(canViewReader(staff));
    const id = Number(readerId);
    const r = Number.isSafeInteger(id) ? await this.readers.byId(id) : undefined;
    if (!r) throw new AuthzError('NOT_FOUND');
    return r;
  }

  /** The reader with this card number (as typed or scanned), or null. */
  async findByCardNumber(principal: Principal | null | undefined, cardNumber: string): Promise<ReaderRecord | null> {
    const staff = requireStaff(principal);
    ensure(canViewReader(staff));
    return (await this.readers.byCardNumber(normaliseCardNumber(String(cardNumber ?? '')))) ?? null;
  }

  /**
   * Finds readers by card number (exact, as typed or scanned: spaces and punctuation ignored) or by name (the
   * start of "last name first name", accents and case ignored), at most READER_SEARCH_LIMIT, by name.
   */
  async search(principal: Principal | null | undefined, q: string): Promise<ReaderSearchResult> {
    const staff = requireStaff(principal);
    ensure(canViewReader(staff));
    const text = String(q ?? '').normalize('NFC').trim().slice(0, 200);
    if (!text) return { readers: [], more: false };
    const card = normaliseCardNumber(text);
    // a typed name is never taken for a card number and the other way round: both are tried
    const found = await this.readers.search({ cardNumber: card.length >= 4 ? card : null, name: /\p{L}/u.test(text) ? text : null }, READER_SEARCH_LIMIT + 1);
    return { readers: found.slice(0, READER_SEARCH_LIMIT), more: found.length > READER_SEARCH_LIMIT };
  }

  /** The reader form's choices for this staff member (authz/accounts.ts canCreateReaderAt). */
  async formChoices(principal: Principal | null | undefined): Promise<ReaderFormChoices> {
    const staff = requireStaff(principal);
    ensure(canViewReader(staff));
    const [categories, libraries] = await Promise.all([this.readers.categories(), this.readers.libraries()]);
    return { categories, libraries: libraries.filter((l) => canCreateReaderAt(staff, l.id)), allLibraries: libraries };
  }

  /** The network's initial password rule, for the staff to tell a reader what their password is now. */
  async initialPasswordRule(principal: Principal | null | undefined): Promise<InitialPasswordRule> {
    ensure(canViewReader(requireStaff(principal)));
    return (await new AccountSettingsRepository(this.deps.db.kysely).load()).initialPassword;
  }

  /** Validates the fields and resolves codes; every error at once. */
  private async resolve(staff: StaffPrincipal, raw: RawReaderFields, existing?: ReaderRecord): Promise<{ ok: true; values: ReaderValues } | { ok: false; errors: ReaderFieldError[] }> {
    const v = validateReaderFields(raw, parisToday(this.now()));
    const errors = v.ok ? [] : [...v.errors];
    const fields = v.ok ? v.value : null;
    const [categories, libraries] = await Promise.all([this.readers.categoryIdsByCode(), this.readers.libraryIdsByCode()]);
    const cardNumber = fields?.cardNumber ?? normaliseCardNumber(String(raw.cardNumber ?? ''));
    if ((fields || !errors.some((e) => e.field === 'cardNumber')) && cardNumber && (await this.readers.cardNumberTaken(cardNumber, existing?.id))) {
      errors.push(fieldError('cardNumber', 'CARD_NUMBER_TAKEN', cardNumber));
    }
    const categoryCode = String(raw.categoryCode ?? '').trim().toUpperCase();
    const categoryId = categories.get(categoryCode);
    if (categoryCode && categoryId === undefined) errors.push(fieldError('categoryCode', 'CATEGORY_UNKNOWN', categoryCode));
    const libraryCode = String(raw.homeLibraryCode ?? '').trim().toUpperCase();
    const homeLibraryId = libraries.get(libraryCode);
    if (libraryCode && homeLibraryId === undefined) errors.push(fieldError('homeLibraryCode', 'HOME_LIBRARY_UNKNOWN', libraryCode));
    if (homeLibraryId !== undefined) {
      const allowed = existing ? existing.homeLibraryId === homeLibraryId || canEditReader(staff, existing, homeLibraryId) : canCreateReaderAt(staff, homeLibraryId);
      if (!allowed) errors.push(fieldError('homeLibraryCode', 'HOME_LIBRARY_NOT_YOURS', libraryCode));
    }
    if (errors.length || !fields) return { ok: false, errors };
    return { ok: true, values: { fields, categoryId: categoryId!, homeLibraryId: homeLibraryId! } };
  }

  /** Creates a reader with the initial password, to be changed at first sign-in. */
  async create(principal: Principal | null | undefined, raw: RawReaderFields): Promise<ReaderSaveResult> {
    const staff = requireStaff(principal);
    const r = await this.resolve(staff, raw);
    if (!r.ok) return r;
    const settings = await new AccountSettingsRepository(this.deps.db.kysely).load();
    const hash = await this.hasher.hash(initialPassword(settings.initialPassword, r.values.fields.birthDate)!);
    const now = this.now().toISOString();
    return inTransaction(this.deps.db, async (tx) => {
      const repo = new AccountReadersRepository(tx.kysely);
      // Checked again inside the transaction: two desks creating the same card at once.
      if (await repo.cardNumberTaken(r.values.fields.cardNumber)) return { ok: false, errors: [fieldError('cardNumber', 'CARD_NUMBER_TAKEN', r.values.fields.cardNumber)] };
      const readerId = await repo.insert(r.values, hash, now);
      return { ok: true, readerId, initialPasswordRule: settings.initialPassword };
    });
  }

  /**
   * Saves every field of a reader. A reader still on their initial password whose birth date is corrected
   * gets the initial password of the corrected date.
   */
  async update(principal: Principal | null | undefined, readerId: number, raw: RawReaderFields): Promise<ReaderSaveResult> {
    const staff = requireStaff(principal);
    const existing = await this.get(staff, readerId);
    ensure(canEditReader(staff, existing));
    const r = await this.resolve(staff, raw, existing);
    if (!r.ok) return r;
    const hash = await this.initialHashIfBirthDateChanged(existing, r.values.fields);
    await this.readers.update(existing.id, r.values, this.now().toISOString(), hash);
    return { ok: true, readerId: existing.id };
  }

  private async initialHashIfBirthDateChanged(existing: ReaderRecord, fields: ReaderFields): Promise<string | undefined> {
    if (!existing.mustChangePassword || existing.birthDate === fields.birthDate) return undefined;
    const settings = await new AccountSettingsRepository(this.deps.db.kysely).load();
    const pw = initialPassword(settings.initialPassword, fields.birthDate);
    return pw ? this.hasher.hash(pw) : undefined;
  }

  /** "Réinitialiser le mot de passe": back to the initial password, to be changed at next sign-in. */
  async resetPasswordToInitial(
    principal: Principal | null | undefined,
    readerId: number,
  ): Promise<{ ok: true; rule: InitialPasswordRule } | { ok: false; errors: ReaderFieldError[] }> {
    const staff = requireStaff(principal);
    const reader = await this.get(staff, readerId);
    ensure(canEditReader(staff, reader));
    const settings = await new AccountSettingsRepository(this.deps.db.kysely).load();
    const pw = initialPassword(settings.initialPassword, reader.birthDate);
    if (!pw) return { ok: false, errors: [{ field: 'birthDate', code: 'REQUIRED', messageKey: 'field.BIRTH_DATE_MISSING' }] };
    const hash = await this.hasher.hash(pw);
    const now = this.now().toISOString();
    await inTransaction(this.deps.db, async (tx) => {
      await new AccountRepository(tx.kysely).setReaderPassword(reader.id, hash, true, now);
      await new SessionRepository(tx.kysely).deleteAllOf({ kind: 'reader', readerId: reader.id });
      await new AccountThrottleRepository(tx.kysely).clear(readerIdentifierKeys(reader));
    });
    return { ok: true, rule: settings.initialPassword };
  }
}
