// MARC-8 -> Unicode decoding (LoC "MARC 21 Specifications, Character Sets, Part 2: MARC-8 encoding
// environment"). Used on every field of every MARC-8 record during import, so it works on bytes with
// typed lookup tables built once, and takes a fast path for plain ASCII.
//
// The model (ISO 2022 as MARC-8 uses it):
// - Two graphic sets are in use: G0 for bytes 0x21-0x7E (default Basic Latin = ASCII), G1 for bytes
//   0xA1-0xFE (default Extended Latin = ANSEL). A set keeps its G0 form code points in the tables;
//   a G1 byte is looked up with its high bit cleared.
// - Escape sequences redesignate them: ESC ( F or ESC , F (G0), ESC ) F or ESC - F (G1), with the
//   final byte F naming the set (ANSEL is "!E"); ESC $ F, ESC $ ( F, ESC $ , F (G0) and ESC $ ) F,
//   ESC $ - F (G1) for the multibyte East Asian set EACC (F = '1', three bytes a character). The
//   MARC-only "technique 1" escapes ESC g / ESC b / ESC p (Greek symbols, subscripts, superscripts)
//   and ESC s (back to ASCII) redesignate G0.
// - Space (0x20) is a space whatever G0 holds (it is the only single-byte code in EACC mode).
// - MARC-8 combining marks come before their base character; Unicode puts them after. Marks are
//   held until the next base character, written after it, and the result is NFC normalised.
//
// Designations last until the next escape sequence, across subfield delimiters (LoC: "all characters
// following the escape sequence are interpreted as being part of the newly designated character set
// until another escape sequence is encountered"). Each call starts from the defaults: callers decode
// one field (or one subfield) at a time.
//
// Undecodable input never throws: each undecodable character becomes U+FFFD and decoding goes on
// (decodeMarc8Detailed counts them).
//
// Reference implementation: yaz 5.34 (Index Data), `yaz-marcdump -f marc8 -t utf8`. marc8.test.ts
// compares every field of the shared MARC-8 files with it (all equal), and every code of every set,
// single-byte ones as G0 and as G1 and all of EACC. Every place where we differ from yaz, and why:
// 1. Undecodable bytes. yaz silently drops a byte it cannot map (C0 controls such as TAB, DEL, 0xA0,
//    0xFF, unassigned codes; an unknown EACC code one byte at a time, then resynchronises on the
//    next bytes); we write U+FFFD (one for an unknown EACC code's three bytes) so bad data shows.
// 2. Errors that stop yaz. After an escape sequence it does not know, or when combining marks are
//    left with no base character at the end of the text, yaz's iconv fails and yaz-marcdump drops
//    the whole subfield, code included. We write U+FFFD for the unknown escape sequence and keep
//    going (characters of an unknown designated set are U+FFFD too); trailing marks are kept.
// 3. Subfields. yaz-marcdump converts each subfield on its own, so a designation ends at the next
//    subfield delimiter. We follow LoC (it lasts until the next escape sequence) but always read the
//    subfield code after 0x1F as ASCII, and never move pending combining marks across 0x1D-0x1F.
// 4. Six EACC codes of LoC's table, all with 0x20 as second byte (0x21203D …, 0x212040 “,
//    0x7F2014 —, 0x7F2019 ’, 0x7F2020 ”, 0x7F2122 ™), are unknown to yaz, which drops their bytes
//    and turns the 0x20 into a space. We decode them per LoC.
// 5. NSB/NSE (0x88/0x89 -> U+0098/U+009C) and ZWJ/ZWNJ (0x8D/0x8E) are C1 control functions in
//    LoC's tables: we map them whatever G1 holds; yaz only when G1 is ANSEL (it drops them otherwise,
//    even with Extended Arabic, whose LoC table lists 0x8D/0x8E).
// 6. yaz holds at most 8 pending combining marks (a 9th makes it write them before their base); we
//    hold 64, then write them out.
// Character mappings otherwise agree with yaz everywhere. The tables are LoC's (codetables.xml
// through MARC::Charset, see scripts/gen-marc8-tables.ts) with one correction that yaz shares: LoC
// gives the right halves of the ANSEL double diacritics (0xEC ligature, 0xFB double tilde) no
// Unicode value of their own, their left halves mapping to the double diacritics U+0361 and U+0360
// written after the first letter; so the right halves are dropped (MARC::Charset's table writes
// U+FE21 / U+FE23 for them, having copied LoC's <alt> value into <ucs>).
import tables from './marc8-tables.json' with { type: 'json' };

const UNMAPPED = -1;
/** A code LoC maps to nothing on its own (double diacritic right halves): consumed silently. */
const NO_UNICODE = -2;
const COMBINING = 0x40000000;
const CODE_POINT_MASK = 0x1fffff;
const REPLACEMENT = 0xfffd;

const ESC = 0x1b;
const SUBFIELD_DELIMITER = 0x1f;

type SetTable = Int32Array;

function tableFromJson(set: { chars: Record<string, string>; combining: string[]; noUnicode: string[] }): SetTable {
  const t = new Int32Array(128).fill(UNMAPPED);
  for (const [byte, ucs] of Object.entries(set.chars)) t[parseInt(byte, 16) & 0x7f] = parseInt(ucs, 16);
  for (const byte of set.combining) t[parseInt(byte, 16) & 0x7f]! |= COMBINING;
  for (const byte of set.noUnicode) t[parseInt(byte, 16) & 0x7f] = NO_UNICODE;
  return t;
}

/** Single-byte sets by the final byte of their escape sequence. */
const SINGLE_BYTE_SETS: (SetTable | undefined)[] = new Array(128);
for (const [final, set] of Object.entries(tables.sets)) SINGLE_BYTE_SETS[parseInt(final, 16)] = tableFromJson(set);
const ASCII = SINGLE_BYTE_SETS[0x42]!;
const ANSEL = SINGLE_BYTE_SETS[0x45]!;
SINGLE_BYTE_SETS[0x73] = ASCII; // ESC s: "ASCII default", same table as Basic Latin (ESC ( B)

/** Marker tables: the EACC multibyte set, and a set whose escape sequence we do not know. */
const EACC_SET: SetTable = new Int32Array(0);
const UNKNOWN_SET: SetTable = new Int32Array(128).fill(UNMAPPED);
const EACC_FINAL = 0x31;

/** C0/C1 control functions, valid whatever sets are designated (ESC itself is handled apart). */
const CONTROLS = new Int32Array(256).fill(UNMAPPED);
for (const [byte, ucs] of Object.entries(tables.controls)) CONTROLS[parseInt(byte, 16)] = parseInt(ucs, 16);
CONTROLS[ESC] = UNMAPPED;

let eaccMap: Map<number, number> | undefined;
/** EACC code (three 7-bit bytes as one 21-bit number) -> code point; built on first use. */
function eacc(): Map<number, number> {
  if (eaccMap) return eaccMap;
  const m = new Map<number, number>();
  for (const [lead, row] of Object.entries(tables.eacc)) {
    const hi = parseInt(lead, 16) << 16;
    for (const entry of row.split(' ')) m.set(hi | parseInt(entry.slice(0, 4), 16), parseInt(entry.slice(4), 16));
  }
  eaccMap = m;
  return m;
}

// WHATWG "latin1" is windows-1252, which is the same as ASCII for the bytes the fast path lets through.
const latin1 = new TextDecoder('latin1');

// Output buffer (UTF-16 code units), reused across calls: decoding is synchronous. It lives in a
// Buffer so that the text is made by one native utf16le conversion.
let outBytes = Buffer.alloc(4096);
let out = new Uint16Array(outBytes.buffer, outBytes.byteOffset, outBytes.length >> 1);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const pending = new Int32Array(64); // combining marks waiting for their base character
let substitutions = 0;

function grow(units: number): void {
  outBytes = Buffer.alloc(units * 2);
  out = new Uint16Array(outBytes.buffer, outBytes.byteOffset, units);
}

function unitsToString(length: number): string {
  if (LITTLE_ENDIAN) return outBytes.toString('utf16le', 0, length * 2);
  let s = '';
  for (let i = 0; i < length; i += 4096) {
    s += String.fromCharCode.apply(null, out.subarray(i, Math.min(length, i + 4096)) as unknown as number[]);
  }
  return s;
}

// Most marks in Latin records are one mark on a Latin letter: compose those pairs here and the
// text needs no NFC pass. The pair's NFC form comes from String.prototype.normalize itself (cached),
// so this is exactly what normalising would do: a letter below U+0300 is a starter that composes with
// nothing before it, so the pair's composition does not depend on its neighbours.
const composed = new Map<number, number>();
function compose(base: number, mark: number): number {
  const key = base * 0x110000 + mark;
  let c = composed.get(key);
  if (c === undefined) {
    const nfc = (String.fromCharCode(base) + String.fromCodePoint(mark)).normalize('NFC');
    c = nfc.length === 1 ? nfc.charCodeAt(0) : -1;
    composed.set(key, c);
  }
  return c;
}

function decode(bytes: Uint8Array): string {
  substitutions = 0;
  const n = bytes.length;
  let i = 0;
  // Fast path: printable ASCII and the delimiters 0x1D-0x1F (one range) are their own NFC text.
  while (i < n && ((bytes[i]! - 0x1d) >>> 0) <= 0x7e - 0x1d) i++;
  if (i === n) {
    if (bytes instanceof Buffer) return bytes.toString('latin1');
    return n <= 64 ? String.fromCharCode.apply(null, bytes as unknown as number[]) : latin1.decode(bytes);
  }

  // Every byte gives at most 2 code units (an astral EACC character takes 3 bytes).
  if (out.length < 2 * n + 8) grow(2 * n + 1024);
  const o = out;
  let len = 0;
  for (let k = 0; k < i; k++) o[len++] = bytes[k]!;
  let needsNfc = false; // set by anything that normalisation could change
  let marks = 0;
  let g0: SetTable = ASCII;
  let g1: SetTable = ANSEL;

  while (i < n) {
    const b = bytes[i]!;
    let cp: number;

    if (b < 0x20) {
      if (b === ESC) {
        // Parse ESC [$] [( , ) -] [!] F. Technique 1 (ESC g/b/p/s) has no intermediate byte.
        let j = i + 1;
        let c = j < n ? bytes[j]! : -1;
        if (c === 0x67 || c === 0x62 || c === 0x70 || c === 0x73) {
          g0 = SINGLE_BYTE_SETS[c]!;
          i = j + 1;
          continue;
        }
        let multibyte = false;
        let toG1 = false;
        let intermediate = false;
        if (c === 0x24) {
          multibyte = true;
          intermediate = true;
          c = ++j < n ? bytes[j]! : -1;
        }
        if (c === 0x28 || c === 0x2c || c === 0x29 || c === 0x2d) {
          toG1 = c === 0x29 || c === 0x2d;
          intermediate = true;
          c = ++j < n ? bytes[j]! : -1;
        }
        if (c === 0x21 && intermediate && !multibyte) c = ++j < n ? bytes[j]! : -1; // ESC ) ! E (ANSEL)
        if (intermediate && c >= 0x30 && c <= 0x7e) {
          let set: SetTable | undefined;
          if (multibyte) set = c === EACC_FINAL ? EACC_SET : undefined;
          else set = SINGLE_BYTE_SETS[c];
          if (set === undefined) {
            set = UNKNOWN_SET;
            substitutions++;
            cp = REPLACEMENT;
            // Designate the unknown set anyway: its characters cannot be read as anything else.
            if (toG1) g1 = set;
            else g0 = set;
            i = j + 1;
          } else {
            if (toG1) g1 = set;
            else g0 = set;
            i = j + 1;
            continue;
          }
        } else {
          // Not an escape sequence we can parse: one U+FFFD, skip ESC (and an ISO 2022 final byte).
          substitutions++;
          cp = REPLACEMENT;
          i += !intermediate && c >= 0x30 && c <= 0x7e ? 2 : intermediate ? j - i : 1;
        }
      } else {
        cp = CONTROLS[b]!;
        if (cp !== UNMAPPED) {
          // A delimiter ends the text a mark could apply to: write dangling marks where they are.
          if (marks > 0) needsNfc = true;
          for (let m = 0; m < marks; m++) len = put(o, len, pending[m]!);
          marks = 0;
          o[len++] = cp;
          i++;
          if (b === SUBFIELD_DELIMITER && i < n && bytes[i]! > 0x20 && bytes[i]! < 0x7f) o[len++] = bytes[i++]!;
          continue;
        }
        substitutions++;
        cp = REPLACEMENT;
        i++;
      }
    } else if (b === 0x20) {
      cp = 0x20;
      i++;
    } else if (b >= 0x80 && b < 0xa0) {
      cp = CONTROLS[b]!;
      if (cp === UNMAPPED) {
        substitutions++;
        cp = REPLACEMENT;
      }
      i++;
    } else {
      const set = b < 0x80 ? g0 : g1;
      if (set === EACC_SET) {
        const b2 = i + 1 < n ? bytes[i + 1]! : ESC;
        const b3 = i + 2 < n ? bytes[i + 2]! : ESC;
        // (LoC's EACC table has a few codes with bytes below 0x20, e.g. 0x7F2014 EM DASH.)
        if (b2 === ESC || b3 === ESC || (b2 >= 0x1d && b2 <= 0x1f) || (b3 >= 0x1d && b3 <= 0x1f)) {
          // Cut short by the end of the text, an escape sequence or a delimiter.
          substitutions++;
          cp = REPLACEMENT;
          i++;
        } else {
          cp = eacc().get(((b & 0x7f) << 16) | ((b2 & 0x7f) << 8) | (b3 & 0x7f)) ?? REPLACEMENT;
          if (cp === REPLACEMENT) substitutions++;
          i += 3;
        }
      } else {
        const v = set[b & 0x7f]!;
        i++;
        if (v >= 0) {
          if ((v & COMBINING) !== 0) {
            if (marks === pending.length) {
              // Absurdly many marks in a row: write them out rather than grow the buffer.
              for (let m = 0; m < marks; m++) len = put(o, len, pending[m]!);
              marks = 0;
              needsNfc = true;
            }
            pending[marks++] = v & CODE_POINT_MASK;
            continue;
          }
          cp = v;
        } else if (v === NO_UNICODE) {
          continue;
        } else {
          substitutions++;
          cp = REPLACEMENT;
        }
      }
    }

    // A base character, then the marks that came before it.
    if (marks === 0) {
      // Below U+0300 nothing composes or decomposes under NFC.
      if (cp >= 0x300) needsNfc = true;
      len = put(o, len, cp);
      continue;
    }
    if (marks === 1 && cp < 0x300) {
      const c = compose(cp, pending[0]!);
      if (c >= 0) {
        o[len++] = c;
        marks = 0;
        continue;
      }
    }
    needsNfc = true;
    len = put(o, len, cp);
    for (let m = 0; m < marks; m++) len = put(o, len, pending[m]!);
    marks = 0;
  }
  if (marks > 0) {
    needsNfc = true;
    for (let m = 0; m < marks; m++) len = put(o, len, pending[m]!);
  }

  const s = unitsToString(len);
  return needsNfc ? s.normalize('NFC') : s;
}

function put(o: Uint16Array, len: number, cp: number): number {
  if (cp < 0x10000) {
    o[len] = cp;
    return len + 1;
  }
  const v = cp - 0x10000;
  o[len] = 0xd800 | (v >> 10);
  o[len + 1] = 0xdc00 | (v & 0x3ff);
  return len + 2;
}

/** Decodes MARC-8 bytes to a Unicode NFC string. */
export function decodeMarc8(bytes: Uint8Array): string {
  return decode(bytes);
}

/** Like decodeMarc8, and says how many undecodable characters were replaced by U+FFFD. */
export function decodeMarc8Detailed(bytes: Uint8Array): { text: string; substitutions: number } {
  const text = decode(bytes);
  return { text, substitutions };
}
