// Fees a reader owes (card replacement, lost or damaged document) and payments: pure validation, amounts in
// euro cents (integers: no floating-point money).

export const FEE_REASONS = ['CARD_REPLACEMENT', 'LOST_DOCUMENT', 'DAMAGED_DOCUMENT', 'OTHER'] as const;
export type FeeReason = (typeof FEE_REASONS)[number];

export const PAYMENT_METHODS = ['cash', 'card', 'cheque', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** 10 000 euros: above this a typing mistake is more likely than a fee. */
export const MAX_FEE_CENTS = 1_000_000;

export type FeeCode =
  | 'FEE_REASON_INVALID'
  | 'AMOUNT_INVALID'
  | 'AMOUNT_NOT_POSITIVE'
  | 'AMOUNT_TOO_LARGE'
  | 'LABEL_REQUIRED'
  | 'LABEL_TOO_LONG'
  | 'PAYMENT_METHOD_INVALID'
  | 'PAYMENT_EXCEEDS_BALANCE'
  | 'FEE_ALREADY_PAID'
  | 'FEE_NOT_FOUND';

export interface FeeError {
  field: 'reason' | 'label' | 'amount' | 'method' | 'fee';
  code: FeeCode;
  messageKey: string;
}

const err = (field: FeeError['field'], code: FeeCode): FeeError => ({ field, code, messageKey: `fee.${code}` });

/** "12,50", "12.50", "12", "12,5 €" to cents; null when it is not an amount. Accepts a number of euros too. */
export function parseEuros(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? Math.round(input * 100) : null;
  const s = input.replace(/\s|€|\u00a0|\u202f/g, '').replace(',', '.');
  const m = /^(-?)(\d{1,7})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** "12,50 €" (fr) or "€12.50" (en). */
export function formatEuros(cents: number, lang: 'fr' | 'en'): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export interface FeeInput {
  reason: string;
  /** what the fee is for ("Perte : Le Petit Prince, 39001000001234"); OTHER needs one */
  label?: string | null;
  amount: string | number;
}

export function validateFee(input: FeeInput): { ok: true; value: { reason: FeeReason; label: string | null; amountCents: number } } | { ok: false; errors: FeeError[] } {
  const errors: FeeError[] = [];
  const reason = (FEE_REASONS as readonly string[]).includes(input.reason) ? (input.reason as FeeReason) : null;
  if (!reason) errors.push(err('reason', 'FEE_REASON_INVALID'));
  const label = (input.label ?? '').normalize('NFC').replace(/\s+/g, ' ').trim() || null;
  if (reason === 'OTHER' && !label) errors.push(err('label', 'LABEL_REQUIRED'));
  if (label && label.length > 200) errors.push(err('label', 'LABEL_TOO_LONG'));
  const cents = parseEuros(input.amount);
  if (cents === null) errors.push(err('amount', 'AMOUNT_INVALID'));
  else if (cents <= 0) errors.push(err('amount', 'AMOUNT_NOT_POSITIVE'));
  else if (cents > MAX_FEE_CENTS) errors.push(err('amount', 'AMOUNT_TOO_LARGE'));
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { reason: reason!, label, amountCents: cents! } };
}

export interface PaymentInput {
  amount: string | number;
  method: string;
}

/** A payment on a fee: positive, by a known method, at most what is still owed on it. */
export function validatePayment(
  input: PaymentInput,
  fee: { amountCents: number; paidCents: number },
): { ok: true; value: { amountCents: number; method: PaymentMethod } } | { ok: false; errors: FeeError[] } {
  const errors: FeeError[] = [];
  const balance = fee.amountCents - fee.paidCents;
  if (balance <= 0) errors.push(err('fee', 'FEE_ALREADY_PAID'));
  const method = (PAYMENT_METHODS as readonly string[]).includes(input.method) ? (input.method as PaymentMethod) : null;
  if (!method) errors.push(err('method', 'PAYMENT_METHOD_INVALID'));
  const cents = parseEuros(input.amount);
  if (cents === null) errors.push(err('amount', 'AMOUNT_INVALID'));
  else if (cents <= 0) errors.push(err('amount', 'AMOUNT_NOT_POSITIVE'));
  else if (balance > 0 && cents > balance) errors.push(err('amount', 'PAYMENT_EXCEEDS_BALANCE'));
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { amountCents: cents!, method: method! } };
}

export { err as feeError };
