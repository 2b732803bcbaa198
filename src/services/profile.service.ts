// The reader's profile: contact details (email, phone, mobile) and fees owed; and the staff side of fees
// (add a fee, record a payment).
//
// Reader methods take the signed-in ReaderPrincipal and act on *that* reader only: there is no reader id to
// change in a request. A new email address takes effect once confirmed through a link sent to it (24 hours,
// single use); until then the current address stays, and the pending one is shown.
import type { Db } from '../db/connect.js';
import type { Config } from '../config/config.js';
import { inTransaction } from '../db/transaction.js';
import { AccountRepository } from '../repositories/account.repository.js';
import { AccountTokensRepository } from '../repositories/account-tokens.repository.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { AccountReadersRepository } from '../repositories/account-readers.repository.js';
import { FeeRepository } from '../repositories/fee.repository.js';
import { validateContact, type ReaderFieldError } from '../domain/reader-fields.js';
import { normaliseEmail } from '../domain/identifiers.js';
import { feeError, validateFee, validatePayment, type FeeError, type FeeInput, type FeeReason, type PaymentInput } from '../domain/fees.js';
import { accountMessage } from '../domain/account-messages.js';
import { AuthzError, canManageFees, canViewReader, ensure, requireReader, requireStaff, type Principal } from '../authz/accounts.js';
import { hashToken, isWellFormedToken, newToken } from './account-tokens.js';
import { defaultFrom, type Mailer } from '../notices/mailer.js';
import { emailChangeMail } from '../notices/templates/email-change.js';

export const EMAIL_CHANGE_TTL_MS = 24 * 3_600_000;
/** The page behind the confirmation link: `${BASE_URL}${EMAIL_CONFIRM_PATH}?token=...`. */
export const EMAIL_CONFIRM_PATH = '/compte/email/confirmer';

export interface ReaderProfile {
  cardNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string | null;
  /** a new address waiting for confirmation */
  pendingEmail: string | null;
  phone: string | null;
  mobile: string | null;
  category: string;
  homeLibrary: string;
  membershipExpires: string | null;
  language: 'fr' | 'en';
}

export interface Fee {
  id: number;
  reason: FeeReason;
  label: string;
  amountCents: number;
  paidCents: number;
  /** still owed */
  balanceCents: number;
  createdAt: string;
  paidAt: string | null;
}

export interface FeeStatement {
  fees: Fee[];
  payments: Array<{ id: number; feeId: number; amountCents: number; method: string; createdAt: string; recordedBy: string | null }>;
  totalOwedCents: number;
}

export type UpdateContactResult = { ok: true; emailConfirmationSentTo: string | null } | { ok: false; errors: ReaderFieldError[] };

export interface ProfileDeps {
  db: Db;
  config: Pick<Config, 'baseUrl'>;
  mailer: Mailer;
  now?: () => Date;
}

export class ProfileService {
  private readonly now: () => Date;

  constructor(private readonly deps: ProfileDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  private get k() {
    return this.deps.db.kysely;
  }

  /** "Mon profil" of the signed-in reader. */
  async view(principal: Principal | null | undefined): Promise<ReaderProfile> {
    const me = requireReader(principal);
    const r = await new AccountReadersRepository(this.k).byId(me.readerId);
    if (!r) throw new AuthzError('SIGN_IN_REQUIRED');
    const [category, library, pending] = await Promise.all([
      this.k.selectFrom('reader_categories').select('name').where('id', '=', r.categoryId).executeTakeFirst(),
      this.k.selectFrom('libraries').select('name').where('id', '=', r.homeLibraryId).executeTakeFirst(),
      new AccountTokensRepository(this.k).pendingEmailChange(r.id, this.now().toISOString()),
    ]);
    return {
      cardNumber: r.cardNumber,
      firstName: r.firstName,
      lastName: r.lastName,
      birthDate: r.birthDate,
      email: r.email,
      pendingEmail: pending?.newEmail ?? null,
      phone: r.phone,
      mobile: r.mobile,
      category: category?.name ?? r.categoryCode,
      homeLibrary: library?.name ?? r.homeLibraryCode,
      membershipExpires: r.membershipExpires,
      language: r.language,
    };
  }

  /**
   * Saves phone and mobile at once; a changed email address is only sent a confirmation link. An empty email
   * removes the address at once (nothing to confirm). Every invalid field is reported; nothing is saved then.
   */
  async updateContact(principal: Principal | null | undefined, input: { email?: string | null; phone?: string | null; mobile?: string | null }): Promise<UpdateContactResult> {
    const me = requireReader(principal);
    const { value, errors } = validateContact(input);
    if (errors.length) return { ok: false, errors };
    const reader = await new AccountRepository(this.k).readerById(me.readerId);
    if (!reader) throw new AuthzError('SIGN_IN_REQUIRED');
    const now = this.now();
    const emailChanged = value.email !== null && value.email !== (reader.email ? normaliseEmail(reader.email) : null);
    await this.k
      .updateTable('readers')
      .set({ phone: value.phone, mobile: value.mobile, ...(value.email === null ? { email: null } : {}), updated_at: now.toISOString() })
      .where('id', '=', me.readerId)
      .execute();
    if (!emailChanged) return { ok: true, emailConfirmationSentTo: null };

    const token = newToken();
    await new AccountTokensRepository(this.k).createEmailChange({
      tokenHash: hashToken(token),
      readerId: me.readerId,
      newEmail: value.email!,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TTL_MS).toISOString(),
    });
    const settings = await new AccountSettingsRepository(this.k).load();
    const link = `${this.deps.config.baseUrl}${EMAIL_CONFIRM_PATH}?token=${encodeURIComponent(token)}`;
    const mail = emailChangeMail({ lang: reader.language, networkName: settings.networkName, firstName: reader.firstName, newEmail: value.email!, link, expiresInHours: EMAIL_CHANGE_TTL_MS / 3_600_000 });
    await this.deps.mailer.queue({ kind: 'email-change', to: value.email!, from: settings.mailFrom ?? defaultFrom(settings.networkName, this.deps.config.baseUrl), readerId: me.readerId, ...mail });
    return { ok: true, emailConfirmationSentTo: value.email };
  }

  /** The confirmation link: the new address replaces the old one. Works without being signed in (another device). */
  async confirmEmail(token: string | null | undefined): Promise<{ ok: true; messageKey: 'email.confirmed' } | { ok: false; code: 'TOKEN_INVALID'; messageKey: 'email.tokenInvalid' }> {
    const invalid = { ok: false, code: 'TOKEN_INVALID', messageKey: 'email.tokenInvalid' } as const;
    if (!isWellFormedToken(token)) return invalid;
    const now = this.now().toISOString();
    return inTransaction(this.deps.db, async (tx) => {
      const used = await new AccountTokensRepository(tx.kysely).consumeEmailChange(hashToken(token), now);
      if (!used) return invalid;
      await new AccountRepository(tx.kysely).setReaderEmail(used.readerId, used.newEmail, now);
      return { ok: true, messageKey: 'email.confirmed' } as const;
    });
  }

  /** "Mes montants dus": the signed-in reader's fees, payments and total owed. */
  async myFees(principal: Principal | null | undefined): Promise<FeeStatement> {
    const me = requireReader(principal);
    return this.statement(me.readerId);
  }

  // ---------------------------------------------------------------------------------------------
  // Staff

  /** A reader's fees, for the desk. */
  async readerFees(principal: Principal | null | undefined, readerId: number): Promise<FeeStatement> {
    const staff = requireStaff(principal);
    ensure(canViewReader(staff));
    await this.requireReaderExists(readerId);
    return this.statement(readerId);
  }

  /** Adds a fee (card replacement, lost or damaged document, other) to a reader. */
  async addFee(principal: Principal | null | undefined, readerId: number, input: FeeInput): Promise<{ ok: true; feeId: number } | { ok: false; errors: FeeError[] }> {
    const staff = requireStaff(principal);
    ensure(canManageFees(staff));
    const reader = await this.requireReaderExists(readerId);
    const v = validateFee(input);
    if (!v.ok) return v;
    const label = v.value.label ?? accountMessage(`feeReason.${v.value.reason}`, reader.language);
    const feeId = await new FeeRepository(this.k).add({ readerId, reason: v.value.reason, label, amountCents: v.value.amountCents, staffId: staff.staffId, createdAt: this.now().toISOString() });
    return { ok: true, feeId };
  }

  /** Records a payment on one of the reader's fees (at most what is still owed on it). */
  async recordPayment(
    principal: Principal | null | undefined,
    readerId: number,
    feeId: number,
    input: PaymentInput,
  ): Promise<{ ok: true; balanceCents: number } | { ok: false; errors: FeeError[] }> {
    const staff = requireStaff(principal);
    ensure(canManageFees(staff));
    await this.requireReaderExists(readerId);
    return inTransaction(this.deps.db, async (tx) => {
      const fees = new FeeRepository(tx.kysely);
      const fee = await fees.ofReader(readerId, Number(feeId));
      if (!fee) return { ok: false, errors: [feeError('fee', 'FEE_NOT_FOUND')] };
      const v = validatePayment(input, { amountCents: fee.amount_cents, paidCents: fee.paid_cents });
      if (!v.ok) return v;
      const paid = await fees.pay({ readerId, feeId: fee.id, amountCents: v.value.amountCents, method: v.value.method, staffId: staff.staffId, now: this.now().toISOString() });
      if (!paid) return { ok: false, errors: [feeError('amount', 'PAYMENT_EXCEEDS_BALANCE')] };
      return { ok: true, balanceCents: fee.amount_cents - fee.paid_cents - v.value.amountCents };
    });
  }

  private async requireReaderExists(readerId: number): Promise<{ language: 'fr' | 'en' }> {
    const id = Number(readerId);
    const r = Number.isSafeInteger(id) ? await new AccountRepository(this.k).readerById(id) : undefined;
    if (!r) throw new AuthzError('NOT_FOUND');
    return r;
  }

  private async statement(readerId: number): Promise<FeeStatement> {
    const repo = new FeeRepository(this.k);
    const [rows, payments] = await Promise.all([repo.listOfReader(readerId), repo.paymentsOfReader(readerId)]);
    const fees: Fee[] = rows.map((f) => ({
      id: f.id,
      reason: f.reason as FeeReason,
      label: f.label,
      amountCents: f.amount_cents,
      paidCents: f.paid_cents,
      balanceCents: f.amount_cents - f.paid_cents,
      createdAt: f.created_at,
      paidAt: f.paid_at,
    }));
    return {
      fees,
      payments: payments.map((p) => ({ id: p.id, feeId: p.fee_id, amountCents: p.amount_cents, method: p.method, createdAt: p.created_at, recordedBy: p.recorded_by })),
      totalOwedCents: fees.reduce((s, f) => s + f.balanceCents, 0),
    };
  }
}
