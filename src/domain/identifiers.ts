// Reader identifiers and contact details: pure normalisation and validation, shared by sign-in, the profile,
// staff forms and the CSV import, so that every entry point stores and compares the same values.

/**
 * A library card number as stored and compared: the letters and digits the reader typed, upper-cased,
 * without the spaces and punctuation people add when they copy the number under the barcode
 * ("2900 1000 0001-7" -> "2900100000017").
 */
export function normaliseCardNumber(input: string): string {
  return input.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

/** A card number must be 4 to 20 letters or digits once normalised (EAN-13 cards, older alphanumeric ones). */
export function isValidCardNumber(normalised: string): boolean {
  return /^[A-Z0-9]{4,20}$/.test(normalised);
}

/**
 * Emails are stored trimmed, NFC and lower-cased: the lookup `lower(email) = ?` then gives the same answer on
 * SQLite (whose lower() only folds ASCII) and PostgreSQL. Local parts are case-sensitive in theory, never in practice.
 */
export function normaliseEmail(input: string): string {
  return input.trim().normalize('NFC').toLowerCase();
}

/** A deliberately plain check (one @, a dot in the domain, no spaces, at most 254 characters, RFC 5321). */
export function isValidEmail(normalised: string): boolean {
  if (normalised.length > 254) return false;
  return /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u.test(normalised);
}

export type IdentifierKind = { kind: 'email'; email: string } | { kind: 'card'; cardNumber: string } | { kind: 'empty' };

/** What the reader typed in the identifier field: an email address if it contains "@", otherwise a card number. */
export function classifyIdentifier(input: string): IdentifierKind {
  const trimmed = input.trim();
  if (trimmed.includes('@')) return { kind: 'email', email: normaliseEmail(trimmed) };
  const cardNumber = normaliseCardNumber(trimmed);
  return cardNumber ? { kind: 'card', cardNumber } : { kind: 'empty' };
}

export type PhoneResult = { ok: true; value: string } | { ok: false; code: 'PHONE_INVALID' | 'MOBILE_NOT_MOBILE' };

/**
 * French numbers are stored in their usual national form "06 39 98 12 34" (also when typed as +33 6... or
 * 0033 6...); other countries as "+" and digits (E.164: 8 to 15 digits). `mobile` accepts only French
 * mobile ranges (06, 07) for French numbers, since SMS notices go there.
 */
export function normalisePhone(input: string, opts: { mobile?: boolean } = {}): PhoneResult {
  const compact = input.normalize('NFKC').replace(/[\s.\-()/]/g, '');
  let national: string | null = null;
  let international: string | null = null;
  if (/^0[1-9]\d{8}$/.test(compact)) national = compact;
  else if (/^(\+|00)33[1-9]\d{8}$/.test(compact)) national = '0' + compact.slice(compact.startsWith('+') ? 3 : 4);
  else if (/^\+[1-9]\d{7,14}$/.test(compact)) international = compact;
  else if (/^00[1-9]\d{7,14}$/.test(compact)) international = '+' + compact.slice(2);
  else return { ok: false, code: 'PHONE_INVALID' };
  if (national) {
    if (opts.mobile && !/^0[67]/.test(national)) return { ok: false, code: 'MOBILE_NOT_MOBILE' };
    return { ok: true, value: national.replace(/(\d{2})(?=\d)/g, '$1 ') };
  }
  return { ok: true, value: international! };
}

/**
 * The address a throttling counter is kept for: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64
 * prefix, since one subscriber line or host usually gets a whole /64 and could otherwise rotate addresses.
 */
export function throttleAddress(ip: string): string {
  const v = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return mapped[1]!;
  if (!v.includes(':')) return v;
  const [head = '', tail = ''] = v.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = v.includes('::') ? 8 - headParts.length - tailParts.length : 0;
  const full = [...headParts, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailParts];
  return full.slice(0, 4).map((p) => p.replace(/^0+(?=.)/, '')).join(':') + '::/64';
}
