// Network settings for accounts, stored as one JSON value under the settings key 'accounts'. Missing or
// unknown values fall back to the defaults, so a network only stores what it changes. Read on every use (no
// cache): a change made by one server process applies to all at once.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isInitialPasswordRule, type InitialPasswordRule } from '../domain/passwords/initial-password.js';
import { isPasswordPolicyId, PASSWORD_POLICIES, type PasswordPolicy, type PasswordPolicyId } from '../domain/passwords/policy.js';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from '../domain/sessions.js';

export interface AccountSettings {
  /** initial password of readers created by staff or imported */
  initialPassword: InitialPasswordRule;
  /** the network's reader password policy */
  readerPolicy: PasswordPolicyId;
  /** per reader category code, overriding readerPolicy */
  readerPolicyByCategory: Record<string, PasswordPolicyId>;
  sessions: SessionSettings;
  /** shown in emails */
  networkName: string;
  /** From: of emails; default "<networkName> <no-reply@host of BASE_URL>" */
  mailFrom: string | null;
}

export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = {
  initialPassword: 'birth-year',
  readerPolicy: 'letter-digit-special',
  readerPolicyByCategory: {},
  sessions: DEFAULT_SESSION_SETTINGS,
  networkName: 'Colophon',
  mailFrom: null,
};

const KEY = 'accounts';

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

export function parseAccountSettings(json: string | undefined): AccountSettings {
  let raw: Record<string, unknown> = {};
  try {
    const v: unknown = json ? JSON.parse(json) : {};
    if (v && typeof v === 'object' && !Array.isArray(v)) raw = v as Record<string, unknown>;
  } catch {
    // a damaged value must not stop sign-in: defaults apply
  }
  const d = DEFAULT_ACCOUNT_SETTINGS;
  const byCategory: Record<string, PasswordPolicyId> = {};
  if (raw.readerPolicyByCategory && typeof raw.readerPolicyByCategory === 'object') {
    for (const [k, v] of Object.entries(raw.readerPolicyByCategory as Record<string, unknown>)) {
      if (isPasswordPolicyId(v) && v !== 'staff') byCategory[k.toUpperCase()] = v;
    }
  }
  const sessions = (raw.sessions && typeof raw.sessions === 'object' ? raw.sessions : {}) as Record<string, unknown>;
  return {
    initialPassword: isInitialPasswordRule(raw.initialPassword) ? raw.initialPassword : d.initialPassword,
    readerPolicy: isPasswordPolicyId(raw.readerPolicy) && raw.readerPolicy !== 'staff' ? raw.readerPolicy : d.readerPolicy,
    readerPolicyByCategory: byCategory,
    sessions: {
      persistentDays: positive(sessions.persistentDays, d.sessions.persistentDays),
      idleMinutes: positive(sessions.idleMinutes, d.sessions.idleMinutes),
    },
    networkName: typeof raw.networkName === 'string' && raw.networkName.trim() ? raw.networkName.trim() : d.networkName,
    mailFrom: typeof raw.mailFrom === 'string' && raw.mailFrom.trim() ? raw.mailFrom.trim() : null,
  };
}

/** The policy for a reader of category `categoryCode` (the category's own, else the network's). */
export function readerPolicy(settings: AccountSettings, categoryCode: string): PasswordPolicy {
  return PASSWORD_POLICIES[settings.readerPolicyByCategory[categoryCode.toUpperCase()] ?? settings.readerPolicy];
}

export class AccountSettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async load(): Promise<AccountSettings> {
    const r = await this.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    return parseAccountSettings(r?.value);
  }

  /** Stores `changes` over the current settings (network administration, tests). */
  async save(changes: Partial<AccountSettings>): Promise<AccountSettings> {
    const next = { ...(await this.load()), ...changes };
    const value = JSON.stringify(next);
    await this.db
      .insertInto('settings')
      .values({ key: KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    return parseAccountSettings(value);
  }
}
