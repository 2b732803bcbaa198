// Signing in and out, sessions, and changing one's password, for readers and staff.
//
// Answers (decided so that sign-in never tells whether an account exists):
// - INVALID_CREDENTIALS for a wrong password, an unknown identifier, an email address shared by several
//   accounts, an account without a password: one answer, one message, and the same work, since an unknown
//   identifier is verified against a dummy argon2 hash exactly as a known one is against its own.
// - TOO_MANY_ATTEMPTS when a counter refuses the attempt, with the scope ('identifier': "too many attempts for
//   this identifier", 'address': "... from this address") and the seconds to wait. Counters are kept per
//   identifier *as typed* (the normalised card number, or the email address) and per address, never per
//   account found: an unknown identifier is throttled exactly like a known one, so the throttling answer
//   reveals nothing either (not even that an email and a card number belong to the same account). An account
//   has two identifiers when it has its own email address; both counters are cleared when it signs in.
//   Rules in domain/sign-in-throttle.ts: 5 failures / 15 min -> one attempt every 30 s; 20 failures from an
//   address / 15 min -> 15 minutes' wait; nothing longer, so nobody can lock a reader out for good.
// - Success: a new session (a new random id: the id always changes at sign-in), and whether the password must
//   be changed before anything else (initial or staff-set password).
//
// Staff sign in on their own form with their login; their sessions are never persistent (shared desk computers).
// A blocked reader or one whose membership ended still signs in: they must be able to see why, and their fees;
// circulation rules refuse what they may not do.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { inTransaction } from '../db/transaction.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken, isWellFormedToken, newToken } from './account-tokens.js';
import { AccountRepository, type ReaderAccount, type StaffAccount } from '../repositories/account.repository.js';
import { AccountThrottleRepository } from '../repositories/account-throttle.repository.js';
import { SessionRepository, type SessionOwner } from '../repositories/session.repository.js';
import { AccountSettingsRepository, readerPolicy, type AccountSettings } from '../repositories/account-settings.repository.js';
import { classifyIdentifier, normaliseEmail, throttleAddress } from '../domain/identifiers.js';
import { ADDRESS_RULE, IDENTIFIER_RULE } from '../domain/sign-in-throttle.js';
import { cookieMaxAgeSeconds, isSessionActive, needsTouch, sessionExpiresAt } from '../domain/sessions.js';
import { PASSWORD_POLICIES, policyRules, type PasswordPolicy, type PasswordRule } from '../domain/passwords/policy.js';
import { checkNewPassword, type PasswordChangeError } from '../domain/passwords/password-change.js';
import type { Principal, ReaderPrincipal, StaffPrincipal } from '../authz/accounts.js';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export const argon2Hasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };

/** Passwords are compared as NFC, so "é" typed as one code point or as e + accent is the same password. */
export function normalisePassword(p: string): string {
  return p.normalize('NFC');
}

export interface AccountServiceDeps {
  db: Db;
  now?: () => Date;
  hasher?: PasswordHasher;
}

export interface SignInContext {
  /** the client's address (Fastify's request.ip, with trustProxy set for the reverse proxy) */
  ip: string;
  userAgent?: string | null;
  /** "Rester connecté" (readers only) */
  persistent?: boolean;
  /** the session cookie the browser already had, if any: it is ended, so a session id never survives a sign-in */
  previousToken?: string | null;
}

export type SignInResult =
  | {
      ok: true;
      /** the new session id for the cookie (only its hash is stored) */
      token: string;
      sessionId: number;
      /** Max-Age for the cookie; null = a browser-session cookie */
      cookieMaxAgeSeconds: number | null;
      principal: Principal;
      /** true: send the user to "Modifier le mot de passe", the only page they may open */
      mustChangePassword: boolean;
    }
  | { ok: false; code: 'INVALID_CREDENTIALS'; messageKey: 'signIn.invalid' }
  | {
      ok: false;
      code: 'TOO_MANY_ATTEMPTS';
      scope: 'identifier' | 'address';
      retryAfterSeconds: number;
      messageKey: 'signIn.throttledIdentifier' | 'signIn.throttledAddress';
      /** for the message's placeholders */
      params: { seconds: number; minutes: number };
    };

export interface AuthenticatedSession {
  principal: Principal;
  sessionId: number;
  persistent: boolean;
  expiresAt: string;
}

export interface SessionInfo {
  id: number;
  current: boolean;
  persistent: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
}

export interface ChangePasswordInput {
  current: string;
  password: string;
  confirmation: string;
  /** end the principal's other sessions (default true) */
  endOtherSessions?: boolean;
}

export type ChangePasswordResult =
  | { ok: true; token: string; cookieMaxAgeSeconds: number | null; endedSessions: number }
  | { ok: false; errors: PasswordChangeError[] }
  | { ok: false; code: 'TOO_MANY_ATTEMPTS'; retryAfterSeconds: number; messageKey: 'signIn.throttledIdentifier'; params: { seconds: number; minutes: number } };

function ownerOf(p: Principal): SessionOwner {
  return p.kind === 'reader' ? { kind: 'reader', readerId: p.readerId } : { kind: 'staff', staffId: p.staffId };
}

export function readerPrincipal(r: ReaderAccount): ReaderPrincipal {
  return {
    kind: 'reader',
    readerId: r.id,
    cardNumber: r.cardNumber,
    firstName: r.firstName,
    lastName: r.lastName,
    language: r.language,
    categoryCode: r.categoryCode,
    homeLibraryId: r.homeLibraryId,
    mustChangePassword: r.mustChangePassword,
  };
}

export function staffPrincipal(s: StaffAccount): StaffPrincipal {
  return { kind: 'staff', staffId: s.id, login: s.login, name: s.name, role: s.role, libraryIds: s.libraryIds, mustChangePassword: s.mustChangePassword };
}

/** Throttling keys of a reader's identifiers: its card number, and its email (cleared together on success). */
export function readerIdentifierKeys(r: { cardNumber: string; email: string | null }): string[] {
  return [`id:r:${r.cardNumber}`, ...(r.email ? [`id:r:${normaliseEmail(r.email)}`] : [])];
}

function staffKey(login: string): string {
  return `id:s:${login.trim().toLowerCase()}`;
}

const secondsUntil = (t: Date, now: Date) => Math.max(1, Math.ceil((t.getTime() - now.getTime()) / 1000));
const waitParams = (seconds: number) => ({ seconds, minutes: Math.ceil(seconds / 60) });

export class AuthService {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly hasher: PasswordHasher;
  private dummy: Promise<string> | undefined;

  constructor(deps: AccountServiceDeps) {
    this.db = deps.db;
    this.now = deps.now ?? (() => new Date());
    this.hasher = deps.hasher ?? argon2Hasher;
  }

  /** The hash an unknown identifier is verified against: same algorithm and cost as real ones, matches nothing. */
  private dummyHash(): Promise<string> {
    this.dummy ??= this.hasher.hash(randomBytes(24).toString('base64url'));
    return this.dummy;
  }

  private get accounts() {
    return new AccountRepository(this.db.kysely);
  }
  private get throttle() {
    return new AccountThrottleRepository(this.db.kysely);
  }
  private get sessions() {
    return new SessionRepository(this.db.kysely);
  }
  private settings(): Promise<AccountSettings> {
    return new AccountSettingsRepository(this.db.kysely).load();
  }

  /** Reader sign-in with a card number (spaces and punctuation ignored) or an email address that belongs to exactly one account. */
  async signIn(identifier: string, password: string, ctx: SignInContext): Promise<SignInResult> {
    const id = classifyIdentifier(String(identifier ?? ''));
    const key = `id:r:${id.kind === 'card' ? id.cardNumber : id.kind === 'email' ? id.email : ''}`;
    const r = await this.attempt(key, password, ctx, async () => {
      if (id.kind === 'card') return this.accounts.readerByCardNumber(id.cardNumber);
      if (id.kind === 'email') {
        // An address shared by several accounts (a family) identifies none of them.
        const found = await this.accounts.readersByEmail(id.email, 2);
        return found.length === 1 ? found[0] : undefined;
      }
      return undefined;
    });
    if (!r.verified) return r.failure;
    await this.throttle.clear(readerIdentifierKeys(r.verified));
    return this.openSession(readerPrincipal(r.verified), { kind: 'reader', readerId: r.verified.id }, ctx, ctx.persistent === true);
  }

  /** Staff sign-in with their login (case-insensitive). */
  async signInStaff(login: string, password: string, ctx: SignInContext): Promise<SignInResult> {
    const key = staffKey(String(login ?? ''));
    const r = await this.attempt(key, password, ctx, () => this.accounts.staffByLogin(String(login ?? '').trim()));
    if (!r.verified) return r.failure;
    await this.throttle.clear([key]);
    return this.openSession(staffPrincipal(r.verified), { kind: 'staff', staffId: r.verified.id }, ctx, false);
  }

  /**
   * The common path: reserve an attempt on the address and on the identifier (refused while a delay runs),
   * look the account up, verify the password (against the dummy hash when there is no account), refund the
   * address's attempt on success.
   */
  private async attempt<A extends { passwordHash: string | null }>(
    key: string,
    password: string,
    ctx: SignInContext,
    find: () => Promise<A | undefined>,
  ): Promise<{ verified: A } | { verified: null; failure: Exclude<SignInResult, { ok: true }> }> {
    const now = this.now();
    const addressKey = `ip:${throttleAddress(String(ctx.ip ?? ''))}`;
    const address = await this.throttle.reserve(addressKey, now, ADDRESS_RULE);
    if (!address.allowed) {
      const wait = secondsUntil(address.retryAt, now);
      return { verified: null, failure: { ok: false, code: 'TOO_MANY_ATTEMPTS', scope: 'address', retryAfterSeconds: wait, messageKey: 'signIn.throttledAddress', params: waitParams(wait) } };
    }
    const ident = await this.throttle.reserve(key, now, IDENTIFIER_RULE);
    if (!ident.allowed) {
      await this.throttle.refund(addressKey, now, ADDRESS_RULE);
      const wait = secondsUntil(ident.retryAt, now);
      return { verified: null, failure: { ok: false, code: 'TOO_MANY_ATTEMPTS', scope: 'identifier', retryAfterSeconds: wait, messageKey: 'signIn.throttledIdentifier', params: waitParams(wait) } };
    }
    const account = await find();
    const hash = account?.passwordHash ?? (await this.dummyHash());
    const verified = await this.hasher.verify(hash, normalisePassword(String(password ?? '')));
    if (!verified || !account?.passwordHash) return { verified: null, failure: { ok: false, code: 'INVALID_CREDENTIALS', messageKey: 'signIn.invalid' } };
    await this.throttle.refund(addressKey, now, ADDRESS_RULE);
    return { verified: account };
  }

  private async openSession(principal: Principal, owner: SessionOwner, ctx: SignInContext, persistent: boolean): Promise<SignInResult> {
    const now = this.now();
    const settings = await this.settings();
    if (isWellFormedToken(ctx.previousToken)) await this.sessions.deleteByTokenHash(hashToken(ctx.previousToken));
    const token = newToken();
    const sessionId = await this.sessions.create({
      tokenHash: hashToken(token),
      owner,
      persistent,
      createdAt: now.toISOString(),
      expiresAt: sessionExpiresAt(now, persistent, settings.sessions),
      userAgent: ctx.userAgent ? String(ctx.userAgent).slice(0, 300) : null,
      ip: ctx.ip ? String(ctx.ip).slice(0, 64) : null,
    });
    return { ok: true, token, sessionId, cookieMaxAgeSeconds: cookieMaxAgeSeconds(persistent, settings.sessions), principal, mustChangePassword: principal.mustChangePassword };
  }

  /**
   * The principal of a session cookie, or null (no such session, expired, idle too long, account gone).
   * Records activity at most once a minute. Pages call this on every request.
   */
  async authenticate(token: string | null | undefined, ctx: { ip?: string | null } = {}): Promise<AuthenticatedSession | null> {
    if (!isWellFormedToken(token)) return null;
    const row = await this.sessions.byTokenHash(hashToken(token));
    if (!row) return null;
    const now = this.now();
    const settings = await this.settings();
    const times = { persistent: row.persistent === 1, createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at };
    if (!isSessionActive(times, now, settings.sessions)) {
      await this.sessions.deleteById(row.id);
      return null;
    }
    const principal = await this.principalOf(row);
    if (!principal) {
      await this.sessions.deleteById(row.id);
      return null;
    }
    if (needsTouch(times, now)) await this.sessions.touch(row.id, now.toISOString(), ctx.ip ? String(ctx.ip).slice(0, 64) : null);
    return { principal, sessionId: row.id, persistent: times.persistent, expiresAt: row.expires_at };
  }

  private async principalOf(row: { reader_id: number | null; staff_id: number | null }): Promise<Principal | null> {
    if (row.reader_id !== null) {
      const r = await this.accounts.readerById(row.reader_id);
      return r ? readerPrincipal(r) : null;
    }
    if (row.staff_id !== null) {
      const s = await this.accounts.staffById(row.staff_id);
      return s ? staffPrincipal(s) : null;
    }
    return null;
  }

  /** "Se déconnecter": ends the session on the server (the page also clears the cookie). */
  async signOut(token: string | null | undefined): Promise<void> {
    if (isWellFormedToken(token)) await this.sessions.deleteByTokenHash(hashToken(token));
  }

  /** "Mes appareils": the principal's live sessions, the current one marked. */
  async listSessions(principal: Principal, currentToken?: string | null): Promise<SessionInfo[]> {
    const now = this.now();
    const settings = await this.settings();
    const currentHash = isWellFormedToken(currentToken) ? hashToken(currentToken) : null;
    const rows = await this.sessions.listOf(ownerOf(principal));
    return rows
      .filter((r) => isSessionActive({ persistent: r.persistent === 1, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at }, now, settings.sessions))
      .map((r) => ({
        id: r.id,
        current: r.token_hash === currentHash,
        persistent: r.persistent === 1,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
        userAgent: r.user_agent,
        ip: r.ip,
      }));
  }

  /** Ends one of the principal's sessions. Another account's session id answers NOT_FOUND, as a missing one. */
  async endSession(principal: Principal, sessionId: number): Promise<{ ok: true } | { ok: false; code: 'NOT_FOUND' }> {
    const id = Number(sessionId);
    if (!Number.isSafeInteger(id)) return { ok: false, code: 'NOT_FOUND' };
    return (await this.sessions.deleteOwned(ownerOf(principal), id)) ? { ok: true } : { ok: false, code: 'NOT_FOUND' };
  }

  /** Ends every session of the principal but the current one. */
  async endOtherSessions(principal: Principal, currentToken: string | null | undefined): Promise<number> {
    const current = isWellFormedToken(currentToken) ? await this.sessions.byTokenHash(hashToken(currentToken)) : undefined;
    return this.sessions.deleteAllOf(ownerOf(principal), current?.id);
  }

  /** The policy a new password of this principal must meet, and its rules (for the form to list next to the field). */
  async passwordPolicy(principal: Principal): Promise<{ policy: PasswordPolicy; rules: PasswordRule[] }> {
    const policy = principal.kind === 'staff' ? PASSWORD_POLICIES.staff : readerPolicy(await this.settings(), principal.categoryCode);
    return { policy, rules: policyRules(policy) };
  }

  /**
   * "Modifier le mot de passe": the old password and the new one twice. Returns every failing reason by
   * field. On success the session gets a new id (returned: the page sets the cookie again), the
   * must-change flag is cleared, and the other sessions end unless endOtherSessions is false.
   * A wrong old password counts as a sign-in failure of the account's card number (or login).
   */
  async changePassword(principal: Principal, input: ChangePasswordInput, currentToken: string | null | undefined): Promise<ChangePasswordResult> {
    const now = this.now();
    const { policy } = await this.passwordPolicy(principal);
    const current = normalisePassword(String(input.current ?? ''));
    const password = normalisePassword(String(input.password ?? ''));
    const confirmation = normalisePassword(String(input.confirmation ?? ''));
    const errors = checkNewPassword({ policy, password, confirmation, current });

    const account = principal.kind === 'reader' ? await this.accounts.readerById(principal.readerId) : await this.accounts.staffById(principal.staffId);
    if (!account) return { ok: false, errors: [{ field: 'current', code: 'CURRENT_PASSWORD_WRONG', messageKey: 'password.currentWrong', params: {} }] };
    const key = principal.kind === 'reader' ? `id:r:${(account as ReaderAccount).cardNumber}` : staffKey((account as StaffAccount).login);
    if (current) {
      const reserved = await this.throttle.reserve(key, now, IDENTIFIER_RULE);
      if (!reserved.allowed) {
        const wait = secondsUntil(reserved.retryAt, now);
        return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: wait, messageKey: 'signIn.throttledIdentifier', params: waitParams(wait) };
      }
      const right = account.passwordHash !== null && (await this.hasher.verify(account.passwordHash, current));
      if (right) await this.throttle.refund(key, now, IDENTIFIER_RULE);
      else errors.unshift({ field: 'current', code: 'CURRENT_PASSWORD_WRONG', messageKey: 'password.currentWrong', params: {} });
    }
    if (errors.length) return { ok: false, errors };

    const hash = await this.hasher.hash(password);
    const settings = await this.settings();
    const owner = ownerOf(principal);
    return inTransaction(this.db, async (tx) => {
      const accounts = new AccountRepository(tx.kysely);
      const sessions = new SessionRepository(tx.kysely);
      if (principal.kind === 'reader') await accounts.setReaderPassword(principal.readerId, hash, false, now.toISOString());
      else await accounts.setStaffPassword(principal.staffId, hash, false);
      const row = isWellFormedToken(currentToken) ? await sessions.byTokenHash(hashToken(currentToken)) : undefined;
      const mine = row && (owner.kind === 'reader' ? row.reader_id === owner.readerId : row.staff_id === owner.staffId) ? row : undefined;
      const token = newToken();
      let keep: number;
      if (mine) {
        await sessions.rotate(mine.id, hashToken(token), now.toISOString());
        keep = mine.id;
      } else {
        // Called without a session of this principal (should not happen from a page): start a browser session.
        keep = await sessions.create({ tokenHash: hashToken(token), owner, persistent: false, createdAt: now.toISOString(), expiresAt: sessionExpiresAt(now, false, settings.sessions), userAgent: null, ip: null });
      }
      const persistent = mine?.persistent === 1;
      const endedSessions = input.endOtherSessions === false ? 0 : await sessions.deleteAllOf(owner, keep);
      return { ok: true as const, token, cookieMaxAgeSeconds: persistent ? Math.max(0, Math.floor((Date.parse(mine!.expires_at) - now.getTime()) / 1000)) : null, endedSessions };
    });
  }

  /** Deletes expired sessions and forgotten throttling counters (a worker's daily task). */
  async purgeExpired(): Promise<{ sessions: number; counters: number }> {
    const now = this.now();
    const settings = await this.settings();
    const sessions = await this.sessions.purge(now.toISOString(), new Date(now.getTime() - settings.sessions.idleMinutes * 60_000).toISOString());
    const counters = await this.throttle.purge(new Date(now.getTime() - 86_400_000).toISOString());
    return { sessions, counters };
  }
}
