// "Mot de passe oublié": identifier + the email address on the account + CAPTCHA, then "Valider".
//
// - The CAPTCHA is checked first; a wrong answer says so (it reveals nothing about accounts) and the page shows
//   a new challenge.
// - Otherwise the answer is always RESET_REQUESTED, whether or not the identifier and email match an account,
//   and the request does the same work until that point. When they match, a single-use link (random 32 bytes,
//   only the SHA-256 stored) valid 1 hour is emailed in the reader's language. The email is recorded in the
//   outbox and delivered in the background, so SMTP time never shows in the answer's timing.
// - At most MAX_RESETS_PER_HOUR links are sent to one reader per hour (the same answer beyond: no mail bombing).
// - The identifier follows sign-in's rules: a card number, or an email belonging to exactly one account.
// - The link leads to choosing a new password under the reader's policy; consuming it (one conditional
//   UPDATE: single use even with two clicks) sets the password, clears the must-change flag, retires the
//   reader's other reset links, ends every session of the reader and clears their sign-in counters.
import type { Db } from '../db/connect.js';
import type { Config } from '../config/config.js';
import { inTransaction } from '../db/transaction.js';
import { AccountRepository, type ReaderAccount } from '../repositories/account.repository.js';
import { AccountTokensRepository } from '../repositories/account-tokens.repository.js';
import { AccountThrottleRepository } from '../repositories/account-throttle.repository.js';
import { SessionRepository } from '../repositories/session.repository.js';
import { AccountSettingsRepository, readerPolicy } from '../repositories/account-settings.repository.js';
import { classifyIdentifier, normaliseEmail } from '../domain/identifiers.js';
import { checkNewPassword, type PasswordChangeError } from '../domain/passwords/password-change.js';
import { policyRules, type PasswordRule } from '../domain/passwords/policy.js';
import { argon2Hasher, normalisePassword, readerIdentifierKeys, type PasswordHasher } from './auth.service.js';
import { hashToken, isWellFormedToken, newToken } from './account-tokens.js';
import type { CaptchaAnswer, CaptchaService } from './captcha.js';
import { defaultFrom, type Mailer } from '../notices/mailer.js';
import { passwordResetMail } from '../notices/templates/password-reset.js';

export const RESET_TOKEN_TTL_MS = 60 * 60_000;
export const MAX_RESETS_PER_HOUR = 3;
/** The page that asks for the new password; the link is `${BASE_URL}${PASSWORD_RESET_PATH}?token=...`. */
export const PASSWORD_RESET_PATH = '/compte/mot-de-passe/nouveau';

export interface ResetRequest {
  identifier: string;
  email: string;
  captcha: CaptchaAnswer;
}

export type ResetRequestResult = { ok: true; code: 'RESET_REQUESTED'; messageKey: 'reset.requested' } | { ok: false; code: 'CAPTCHA_FAILED'; messageKey: 'captcha.failed' };

export type ResetCompleteResult =
  | { ok: true; messageKey: 'reset.done' }
  | { ok: false; code: 'TOKEN_INVALID'; messageKey: 'reset.tokenInvalid' }
  | { ok: false; code: 'PASSWORD_REJECTED'; errors: PasswordChangeError[] };

export interface PasswordResetDeps {
  db: Db;
  config: Pick<Config, 'baseUrl'>;
  mailer: Mailer;
  captcha: CaptchaService;
  now?: () => Date;
  hasher?: PasswordHasher;
}

const TOKEN_INVALID = { ok: false, code: 'TOKEN_INVALID', messageKey: 'reset.tokenInvalid' } as const;

export class PasswordResetService {
  private readonly now: () => Date;
  private readonly hasher: PasswordHasher;

  constructor(private readonly deps: PasswordResetDeps) {
    this.now = deps.now ?? (() => new Date());
    this.hasher = deps.hasher ?? argon2Hasher;
  }

  private get accounts() {
    return new AccountRepository(this.deps.db.kysely);
  }
  private get tokens() {
    return new AccountTokensRepository(this.deps.db.kysely);
  }

  /** "Valider" on the forgotten-password form. */
  async request(input: ResetRequest): Promise<ResetRequestResult> {
    if (!(await this.deps.captcha.verify(input.captcha))) return { ok: false, code: 'CAPTCHA_FAILED', messageKey: 'captcha.failed' };
    const requested = { ok: true, code: 'RESET_REQUESTED', messageKey: 'reset.requested' } as const;
    const reader = await this.match(String(input.identifier ?? ''), String(input.email ?? ''));
    if (!reader) return requested;
    const now = this.now();
    if ((await this.tokens.countRecentResets(reader.id, new Date(now.getTime() - 60 * 60_000).toISOString())) >= MAX_RESETS_PER_HOUR) return requested;
    const token = newToken();
    await this.tokens.createReset({ tokenHash: hashToken(token), readerId: reader.id, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS).toISOString() });
    const settings = await new AccountSettingsRepository(this.deps.db.kysely).load();
    const link = `${this.deps.config.baseUrl}${PASSWORD_RESET_PATH}?token=${encodeURIComponent(token)}`;
    const mail = passwordResetMail({ lang: reader.language, networkName: settings.networkName, firstName: reader.firstName, link, expiresInMinutes: RESET_TOKEN_TTL_MS / 60_000 });
    await this.deps.mailer.queue({
      kind: 'password-reset',
      to: reader.email!,
      from: settings.mailFrom ?? defaultFrom(settings.networkName, this.deps.config.baseUrl),
      readerId: reader.id,
      ...mail,
    });
    return requested;
  }

  /** The reader whose identifier and email match, if any. */
  private async match(identifier: string, email: string): Promise<ReaderAccount | undefined> {
    const id = classifyIdentifier(identifier);
    const typedEmail = normaliseEmail(email);
    if (!typedEmail) return undefined;
    let reader: ReaderAccount | undefined;
    if (id.kind === 'card') reader = await this.accounts.readerByCardNumber(id.cardNumber);
    else if (id.kind === 'email') {
      const found = await this.accounts.readersByEmail(id.email, 2);
      reader = found.length === 1 ? found[0] : undefined;
    }
    return reader?.email && normaliseEmail(reader.email) === typedEmail ? reader : undefined;
  }

  /** The page behind the link: whether the link still works, and the rules the new password must meet. */
  async check(token: string | null | undefined): Promise<{ valid: true; rules: PasswordRule[] } | { valid: false }> {
    const reader = await this.readerOfToken(token);
    if (!reader) return { valid: false };
    const settings = await new AccountSettingsRepository(this.deps.db.kysely).load();
    return { valid: true, rules: policyRules(readerPolicy(settings, reader.categoryCode)) };
  }

  private async readerOfToken(token: string | null | undefined): Promise<ReaderAccount | undefined> {
    if (!isWellFormedToken(token)) return undefined;
    const t = await this.tokens.peekReset(hashToken(token), this.now().toISOString());
    return t ? this.accounts.readerById(t.readerId) : undefined;
  }

  /** The new password, twice. The link is consumed only when the password is accepted. */
  async complete(token: string | null | undefined, input: { password: string; confirmation: string }): Promise<ResetCompleteResult> {
    const reader = await this.readerOfToken(token);
    if (!reader || !isWellFormedToken(token)) return TOKEN_INVALID;
    const settings = await new AccountSettingsRepository(this.deps.db.kysely).load();
    const password = normalisePassword(String(input.password ?? ''));
    const errors = checkNewPassword({ policy: readerPolicy(settings, reader.categoryCode), password, confirmation: normalisePassword(String(input.confirmation ?? '')) });
    if (errors.length) return { ok: false, code: 'PASSWORD_REJECTED', errors };
    const hash = await this.hasher.hash(password);
    const now = this.now().toISOString();
    return inTransaction(this.deps.db, async (tx) => {
      const tokens = new AccountTokensRepository(tx.kysely);
      const used = await tokens.consumeReset(hashToken(token), now);
      if (!used || used.readerId !== reader.id) return TOKEN_INVALID;
      await tokens.retireResets(reader.id, now);
      await new AccountRepository(tx.kysely).setReaderPassword(reader.id, hash, false, now);
      await new SessionRepository(tx.kysely).deleteAllOf({ kind: 'reader', readerId: reader.id });
      await new AccountThrottleRepository(tx.kysely).clear(readerIdentifierKeys(reader));
      return { ok: true, messageKey: 'reset.done' } as const;
    });
  }
}
