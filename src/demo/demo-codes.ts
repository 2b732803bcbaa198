// Check digits for the identifiers the demo network invents: EAN-13 (library cards, item barcodes,
// ISBN-13, audio-visual EANs), ISBN-10 and ISSN. The algorithms are the standard ones (GS1 EAN-13;
// ISO 2108 for ISBN; ISO 3297 for ISSN).

function digitsOf(s: string): number[] {
  if (!/^\d+$/.test(s)) throw new Error(`not digits: ${s}`);
  return [...s].map((c) => c.charCodeAt(0) - 48);
}

/** Check digit of a 12-digit EAN-13 body (weights 1, 3, 1, 3, ... from the left). */
export function ean13CheckDigit(body12: string): string {
  if (body12.length !== 12) throw new Error(`EAN-13 body must have 12 digits: ${body12}`);
  let sum = 0;
  digitsOf(body12).forEach((d, i) => (sum += d * (i % 2 === 0 ? 1 : 3)));
  return String((10 - (sum % 10)) % 10);
}

/** The 13-digit EAN for a 12-digit body. */
export function ean13(body12: string): string {
  return body12 + ean13CheckDigit(body12);
}

/** Check character of a 9-digit ISBN-10 body (weights 10 .. 2, modulo 11, 10 written X). */
export function isbn10CheckDigit(body9: string): string {
  if (body9.length !== 9) throw new Error(`ISBN-10 body must have 9 digits: ${body9}`);
  let sum = 0;
  digitsOf(body9).forEach((d, i) => (sum += d * (10 - i)));
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

/** Check character of a 7-digit ISSN body (weights 8 .. 2, modulo 11, 10 written X). */
export function issnCheckDigit(body7: string): string {
  if (body7.length !== 7) throw new Error(`ISSN body must have 7 digits: ${body7}`);
  let sum = 0;
  digitsOf(body7).forEach((d, i) => (sum += d * (8 - i)));
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

/** True for a valid ISBN-10 or ISBN-13, hyphens and spaces ignored. */
export function isValidIsbn(raw: string): boolean {
  const s = raw.replace(/[-\s]/g, '').toUpperCase();
  if (/^\d{13}$/.test(s)) return (s.startsWith('978') || s.startsWith('979')) && ean13CheckDigit(s.slice(0, 12)) === s[12];
  if (/^\d{9}[\dX]$/.test(s)) return isbn10CheckDigit(s.slice(0, 9)) === s[9];
  return false;
}

/** True for a valid EAN-13. */
export function isValidEan13(s: string): boolean {
  return /^\d{13}$/.test(s) && ean13CheckDigit(s.slice(0, 12)) === s[12];
}

/** True for a valid ISSN written NNNN-NNNC. */
export function isValidIssn(s: string): boolean {
  const m = /^(\d{4})-(\d{3})([\dX])$/.exec(s);
  return m !== null && issnCheckDigit(`${m[1]}${m[2]}`) === m[3];
}
