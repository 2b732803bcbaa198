// Reader record fields as staff type them or a CSV import gives them: pure validation returning every error,
// each tied to its field, and the normalised values to store. Shared by the staff forms, the CSV import and
// (for contact details) the reader's own profile.
import { isValidCardNumber, isValidEmail, normaliseCardNumber, normaliseEmail, normalisePhone } from './identifiers.js';

export interface RawReaderFields {
  cardNumber?: string | null;
  lastName?: string | null;
  firstName?: string | null;
  /** yyyy-mm-dd or dd/mm/yyyy */
  birthDate?: string | null;
  email?: string | null;
  phone?: string | null;
  mobile?: string | null;
  categoryCode?: string | null;
  homeLibraryCode?: string | null;
  /** yyyy-mm-dd or dd/mm/yyyy; empty = no end date */
  membershipExpires?: string | null;
  /** 'fr' | 'en'; empty = 'fr' */
  language?: string | null;
}

export interface ReaderFields {
  cardNumber: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  categoryCode: string;
  homeLibraryCode: string;
  membershipExpires: string | null;
  language: 'fr' | 'en';
}

export type ReaderField = keyof RawReaderFields;

export type ReaderFieldCode =
  | 'REQUIRED'
  | 'CARD_NUMBER_INVALID'
  | 'TOO_LONG'
  | 'DATE_INVALID'
  | 'BIRTH_DATE_IN_FUTURE'
  | 'BIRTH_DATE_TOO_OLD'
  | 'EMAIL_INVALID'
  | 'PHONE_INVALID'
  | 'MOBILE_NOT_MOBILE'
  | 'LANGUAGE_INVALID'
  // added by services, which know the database
  | 'CARD_NUMBER_TAKEN'
  | 'CATEGORY_UNKNOWN'
  | 'HOME_LIBRARY_UNKNOWN'
  | 'HOME_LIBRARY_NOT_YOURS'
  | 'CARD_NUMBER_REPEATED_IN_FILE';

export interface ReaderFieldError {
  field: ReaderField;
  code: ReaderFieldCode;
  /** key in ACCOUNT_MESSAGES: 'field.<code>' */
  messageKey: string;
  /** the value as given, for reports ("31/02/1990") */
  value?: string;
}

export function fieldError(field: ReaderField, code: ReaderFieldCode, value?: string | null): ReaderFieldError {
  return { field, code, messageKey: `field.${code}`, ...(value ? { value } : {}) };
}

const NAME_MAX = 100;

function text(v: string | null | undefined): string {
  return (v ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * "yyyy-mm-dd", "dd/mm/yyyy" (also d/m/yyyy, and "-" or "." for "/", as spreadsheets write them) to
 * "yyyy-mm-dd", or null when it is not a real calendar date (31/02/1990).
 */
export function parseDate(input: string): string | null {
  const s = input.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) [y, m, d] = [Number(match[3]), Number(match[2]), Number(match[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export interface ContactFields {
  email: string | null;
  phone: string | null;
  mobile: string | null;
}

/** Email, phone and mobile: empty means none. */
export function validateContact(raw: { email?: string | null; phone?: string | null; mobile?: string | null }): { value: ContactFields; errors: ReaderFieldError[] } {
  const errors: ReaderFieldError[] = [];
  const value: ContactFields = { email: null, phone: null, mobile: null };
  const email = text(raw.email);
  if (email) {
    const e = normaliseEmail(email);
    if (isValidEmail(e)) value.email = e;
    else errors.push(fieldError('email', 'EMAIL_INVALID', email));
  }
  for (const field of ['phone', 'mobile'] as const) {
    const v = text(raw[field]);
    if (!v) continue;
    const r = normalisePhone(v, { mobile: field === 'mobile' });
    if (r.ok) value[field] = r.value;
    else errors.push(fieldError(field, r.code, v));
  }
  return { value, errors };
}

/** Validates every field; `today` ("yyyy-mm-dd", the library's date) bounds the birth date. */
export function validateReaderFields(raw: RawReaderFields, today: string): { ok: true; value: ReaderFields } | { ok: false; errors: ReaderFieldError[] } {
  const errors: ReaderFieldError[] = [];
  const rawCard = text(raw.cardNumber);
  const cardNumber = normaliseCardNumber(rawCard);
  if (!rawCard) errors.push(fieldError('cardNumber', 'REQUIRED'));
  else if (!isValidCardNumber(cardNumber)) errors.push(fieldError('cardNumber', 'CARD_NUMBER_INVALID', rawCard));

  const lastName = text(raw.lastName);
  const firstName = text(raw.firstName);
  for (const [field, v] of [['lastName', lastName], ['firstName', firstName]] as const) {
    if (!v) errors.push(fieldError(field, 'REQUIRED'));
    else if ([...v].length > NAME_MAX) errors.push(fieldError(field, 'TOO_LONG'));
  }

  const rawBirth = text(raw.birthDate);
  const birthDate = rawBirth ? parseDate(rawBirth) : null;
  if (!rawBirth) errors.push(fieldError('birthDate', 'REQUIRED'));
  else if (!birthDate) errors.push(fieldError('birthDate', 'DATE_INVALID', rawBirth));
  else if (birthDate > today) errors.push(fieldError('birthDate', 'BIRTH_DATE_IN_FUTURE', rawBirth));
  else if (birthDate < '1900-01-01') errors.push(fieldError('birthDate', 'BIRTH_DATE_TOO_OLD', rawBirth));

  const contact = validateContact(raw);
  errors.push(...contact.errors);

  const categoryCode = text(raw.categoryCode).toUpperCase();
  if (!categoryCode) errors.push(fieldError('categoryCode', 'REQUIRED'));
  const homeLibraryCode = text(raw.homeLibraryCode).toUpperCase();
  if (!homeLibraryCode) errors.push(fieldError('homeLibraryCode', 'REQUIRED'));

  const rawExpiry = text(raw.membershipExpires);
  const membershipExpires = rawExpiry ? parseDate(rawExpiry) : null;
  if (rawExpiry && !membershipExpires) errors.push(fieldError('membershipExpires', 'DATE_INVALID', rawExpiry));

  const lang = text(raw.language).toLowerCase() || 'fr';
  if (lang !== 'fr' && lang !== 'en') errors.push(fieldError('language', 'LANGUAGE_INVALID', lang));

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      cardNumber,
      lastName,
      firstName,
      birthDate: birthDate!,
      ...contact.value,
      categoryCode,
      homeLibraryCode,
      membershipExpires,
      language: lang as 'fr' | 'en',
    },
  };
}
