// A circulation rule as an administrator types it (form or API): every field checked, every error at once,
// each tied to its field; what is missing takes the value of DEFAULT_RULE.
import { DEFAULT_RULE, type CirculationRule } from './rules.js';

export const RULE_FIELDS = [
  'loanDays',
  'maxLoansTotal',
  'maxLoansOfType',
  'renewals',
  'renewalDays',
  'renewalBase',
  'renewWindowDays',
  'overdueBlocksRenewal',
  'holdsAllowed',
  'holdStatuses',
  'maxHolds',
  'holdShelfDays',
  'fineCentsPerDay',
  'suspensionDaysPerDay',
] as const satisfies ReadonlyArray<keyof CirculationRule>;

export const HOLDABLE_STATUSES = ['on_loan', 'in_transit', 'in_processing', 'on_hold_shelf'] as const;

export interface RuleFieldError {
  field: string;
  code: 'NOT_AN_INTEGER' | 'OUT_OF_RANGE' | 'NOT_ALLOWED';
  max?: number;
}

const RANGES: Partial<Record<keyof CirculationRule, number>> = {
  loanDays: 365,
  maxLoansTotal: 1000,
  maxLoansOfType: 1000,
  renewals: 99,
  renewalDays: 365,
  maxHolds: 1000,
  holdShelfDays: 90,
  fineCentsPerDay: 10_000,
  suspensionDaysPerDay: 30,
};

/** Accepts numbers or strings (forms); booleans as true/false, "on", "1". */
export function parseRuleInput(raw: Record<string, unknown>): { ok: true; rule: CirculationRule } | { ok: false; errors: RuleFieldError[] } {
  const errors: RuleFieldError[] = [];
  const out: CirculationRule = { ...DEFAULT_RULE, holdStatuses: [...DEFAULT_RULE.holdStatuses] };
  const int = (field: keyof CirculationRule, nullable = false): number | null | undefined => {
    const v = raw[field];
    if (v === undefined) return undefined;
    if ((v === null || v === '') && nullable) return null;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) {
      errors.push({ field, code: 'NOT_AN_INTEGER' });
      return undefined;
    }
    const max = RANGES[field] ?? 365;
    if (n > max) {
      errors.push({ field, code: 'OUT_OF_RANGE', max });
      return undefined;
    }
    return n;
  };
  for (const f of ['loanDays', 'maxLoansTotal', 'maxLoansOfType', 'renewals', 'renewalDays', 'maxHolds', 'holdShelfDays', 'fineCentsPerDay', 'suspensionDaysPerDay'] as const) {
    const n = int(f);
    if (typeof n === 'number') out[f] = n;
  }
  const w = int('renewWindowDays', true);
  if (w !== undefined) out.renewWindowDays = w;
  const choice = <T extends string>(field: keyof CirculationRule, allowed: readonly T[]): T | undefined => {
    const v = raw[field];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    errors.push({ field, code: 'NOT_ALLOWED' });
    return undefined;
  };
  out.renewalBase = choice('renewalBase', ['due_date', 'today'] as const) ?? out.renewalBase;
  out.overdueBlocksRenewal = choice('overdueBlocksRenewal', ['this', 'any', 'never'] as const) ?? out.overdueBlocksRenewal;
  const h = raw.holdsAllowed;
  if (h !== undefined) out.holdsAllowed = h === true || h === 'true' || h === 'on' || h === '1' || h === 1;
  const st = raw.holdStatuses;
  if (st !== undefined) {
    const list = Array.isArray(st) ? st : typeof st === 'string' ? st.split(',').map((x) => x.trim()).filter(Boolean) : null;
    if (!list || list.some((x) => !(HOLDABLE_STATUSES as readonly unknown[]).includes(x))) errors.push({ field: 'holdStatuses', code: 'NOT_ALLOWED' });
    else out.holdStatuses = [...new Set(list as string[])];
  }
  return errors.length ? { ok: false, errors } : { ok: true, rule: out };
}
