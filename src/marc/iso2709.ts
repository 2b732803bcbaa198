// Streaming ISO 2709 (MARC exchange format) reader.
//
// Layout (ISO 2709 / MARC 21 "Record Structure", also used by UNIMARC):
//   leader (24 bytes) | directory (12-byte entries, ends with 0x1E) | fields (each ends with 0x1E) | 0x1D
//   leader/00-04 record length, leader/12-16 base address of data, leader/20-21 length of the
//   "length of field" and "starting character position" parts of a directory entry (normally 4 and 5).
//
// Framing and leniency rules (what real files need, decided once here):
//  * A record ends at the FIRST record terminator (0x1D) after its start: 0x1D never occurs inside a
//    valid record, in UTF-8 or MARC-8. When the declared length disagrees with the terminator, the
//    terminator wins (warning), unless a complete new leader starts inside the span (then the record is
//    truncated or lacks its terminator: it is reported as unreadable and reading resumes at that leader).
//    HathiTrust exports write 99999 as the length of records that are longer; this rule reads them.
//  * The directory ends at the first field terminator after the leader; a base address that disagrees
//    is ignored (warning). The directory must be a whole number of entries.
//  * Each field is located by its directory start and ends at the next field terminator (a stated length
//    that is off is tolerated, with a warning). If the starts themselves do not point at field
//    boundaries (overflowed offsets past 99999, lengths counted in characters instead of bytes, ...) but
//    the data area holds exactly one field per directory entry, fields are taken in directory order
//    (warning). Otherwise the record is reported as unreadable.
//  * Bytes between records that are line breaks, spaces, NUL or ^Z are padding and are skipped silently
//    (files often end with a newline). Anything else that is not a record start is reported as ONE
//    unreadable item covering the stretch up to the next plausible record leader.
//  * Never throws on bad data, and always advances: every byte is either part of a record, padding, or
//    inside a stretch reported as unreadable.
//
// Character encoding, per record (documented choice):
//  * leader/09 = 'a'                      -> UTF-8 (invalid sequences become U+FFFD, with a warning)
//  * otherwise, data is pure ASCII, no ESC  -> read as ASCII (both encodings agree); reported like the
//    last record of the file that told them apart, 'marc8' until one did
//  * otherwise, valid UTF-8 and no ESC      -> UTF-8 (UNIMARC has no leader/09 flag; French UNIMARC
//    files are UTF-8. MARC-8/ANSEL text is practically never valid UTF-8: its diacritics 0xE0-0xFE are
//    followed by ASCII base letters, never by the continuation bytes UTF-8 requires)
//  * otherwise                               -> MARC-8 via decodeMarc8
// All text is returned in Unicode NFC.

import { isAscii, isUtf8 } from 'node:buffer';
import { decodeMarc8 } from './marc8.js';
import type { DataField, Field, MarcRecord, Subfield } from './record.js';
import { BufferedChunkParser } from './chunk-parser.js';
import type { ReadItem } from './readers.js';

const RT = 0x1d; // record terminator
const FT = 0x1e; // field terminator
const SD = 0x1f; // subfield delimiter
const ESC = 0x1b;

/** Records larger than this are reported as unreadable instead of being buffered (the format's own limit is 99999). */
export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

const CHARS: string[] = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/** Characters below U+0300 are all NFC-stable and never combine with what precedes them. */
const MAY_CHANGE_IN_NFC = /[\u0300-\uffff]/;

/** NFC, skipping the (costly) call for the text that cannot change. */
export function nfc(s: string): string {
  return MAY_CHANGE_IN_NFC.test(s) ? s.normalize('NFC') : s;
}

/** Tag strings by their three bytes: the same few hundred tags recur in every record. */
const TAGS = new Map<number, string>();

function tagAt(buf: Buffer, e: number): string {
  const key = (buf[e]! << 16) | (buf[e + 1]! << 8) | buf[e + 2]!;
  let t = TAGS.get(key);
  if (t === undefined) {
    t = String.fromCharCode(buf[e]!, buf[e + 1]!, buf[e + 2]!);
    if (TAGS.size < 100_000) TAGS.set(key, t);
  }
  return t;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

function isPadding(b: number): boolean {
  return b === 0x0a || b === 0x0d || b === 0x20 || b === 0x09 || b === 0x00 || b === 0x1a;
}

/** Parses `n` ASCII digits at `at`; NaN if any is not a digit or missing. */
function digits(buf: Buffer, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const b = buf[i];
    if (b === undefined || b < 0x30 || b > 0x39) return NaN;
    v = v * 10 + (b - 0x30);
  }
  return v;
}

/** Shows bytes for an error message, escaping anything that is not printable ASCII. */
function show(buf: Buffer, a: number, b: number): string {
  let s = '';
  for (let i = a; i < Math.min(b, buf.length); i++) {
    const c = buf[i]!;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return s;
}

/** A record start we trust enough to resynchronise on: 5 digits at the expected place is not enough
 * inside garbage, so this checks the leader's numeric positions, a letter for the type of record
 * (leader/06; this also rules out runs of directory digits), the "45" entry map and that a plausible
 * first directory entry follows. Needs 36 bytes. */
function strictLeaderAt(buf: Buffer, x: number): boolean {
  if (x + 36 > buf.length) return false;
  if (buf[x + 20] !== 0x34 || buf[x + 21] !== 0x35) return false;
  const type = buf[x + 6]! | 0x20;
  if (type < 0x61 || type > 0x7a) return false;
  for (const o of [0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16]) if (!isDigit(buf[x + o])) return false;
  for (let o = 5; o < 10; o++) {
    const b = buf[x + o]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  for (let o = 24; o < 27; o++) {
    const b = buf[x + o]!;
    const alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
    if (!alnum) return false;
  }
  for (let o = 27; o < 36; o++) if (!isDigit(buf[x + o])) return false;
  const length = digits(buf, x, 5);
  const base = digits(buf, x + 12, 5);
  return base >= 37 && length >= base;
}

function looseLeaderAt(buf: Buffer, x: number): boolean {
  for (let o = 0; o < 5; o++) if (!isDigit(buf[x + o])) return false;
  return true;
}

function findStrictLeader(buf: Buffer, from: number, to: number): number {
  for (let x = from; x <= to; x++) {
    // quick reject before the full check
    if (buf[x + 20] === 0x34 && buf[x + 21] === 0x35 && isDigit(buf[x]) && strictLeaderAt(buf, x)) return x;
  }
  return -1;
}

const enum Mode {
  Ascii,
  Utf8,
  Marc8,
}

export interface Iso2709ParserOptions {
  /** Absolute offset of the first byte that will be fed (when the caller skipped a prefix). */
  startOffset?: number;
  maxRecordBytes?: number;
}

/** Incremental ISO 2709 reader: feed() byte chunks, pull items with drain(); finish() at end of input. */
export class Iso2709Parser extends BufferedChunkParser {
  private index = 0;
  /** discarding everything up to the next record terminator (after an oversized record) */
  private skipping = false;
  /** absolute position of `p` for which `hint` is valid; hint: absolute position searched up to so far */
  private hintFor = -1;
  private hint = 0;
  private readonly maxRecordBytes: number;
  /** what the last record with a blank leader/09 and non-ASCII data turned out to be (see encoding) */
  private blankEncoding: 'utf8' | 'marc8' = 'marc8';

  constructor(opts: Iso2709ParserOptions = {}) {
    super(opts.startOffset ?? 0);
    this.maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  }

  private getHint(p: number): number {
    return this.hintFor === this.base + p ? this.hint - this.base : p;
  }

  private setHint(p: number, upTo: number): void {
    this.hintFor = this.base + p;
    this.hint = this.base + upTo;
  }

  private fail(p: number, reason: string): ReadItem {
    return { ok: false, index: ++this.index, offset: this.base + p, reason };
  }

  /** The next item, or null when more input is needed (or, at eof, when everything was read). */
  protected next(eof: boolean): ReadItem | null {
    const buf = this.buf;
    const len = buf.length;
    if (this.skipping) {
      const q = buf.indexOf(RT, this.p);
      if (q < 0) {
        this.p = len;
        return null;
      }
      this.p = q + 1;
      this.skipping = false;
    }
    let p = this.p;
    if (this.base + p === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) p = 3; // UTF-8 BOM
    while (p < len && isPadding(buf[p]!)) p++;
    this.p = p;
    if (p >= len) return null;
    if (!eof && len - p < 5) return null;
    return looseLeaderAt(buf, p) ? this.frame(eof) : this.garbage(eof);
  }

  /** A stretch at `p` that does not start with a record length: report it up to the next record start. */
  private garbage(eof: boolean): ReadItem | null {
    const buf = this.buf;
    const len = buf.length;
    const p = this.p;
    let x = Math.max(p + 1, this.getHint(p));
    for (; x < len; x++) {
      if (x + 36 > len && !eof) break; // cannot judge a leader yet
      if ((buf[x - 1] === RT && looseLeaderAt(buf, x)) || strictLeaderAt(buf, x)) {
        return this.skipTo(p, x);
      }
    }
    if (eof) {
      let e = len;
      while (e > p && isPadding(buf[e - 1]!)) e--;
      return this.skipTo(p, len, e - p);
    }
    this.setHint(p, x);
    if (x - p > this.maxRecordBytes) return this.skipTo(p, x);
    return null;
  }

  private skipTo(p: number, x: number, shown = x - p): ReadItem {
    const buf = this.buf;
    const what =
      shown >= 24 && buf[p + shown - 1] === RT
        ? `unreadable record: its leader's record length "${show(buf, p, p + 5)}" is not numeric`
        : `unrecognised data "${show(buf, p, p + Math.min(shown, 16))}${shown > 16 ? '...' : ''}" where a record should start`;
    const item = this.fail(p, `${what}; skipped ${shown} bytes${x < buf.length ? ' up to the next record' : ' to the end of the input'}`);
    this.p = x;
    return item;
  }

  /** Finds where the record at `p` ends and parses it. */
  private frame(eof: boolean): ReadItem | null {
    const buf = this.buf;
    const len = buf.length;
    const p = this.p;
    const declared = digits(buf, p, 5);
    const q = buf.indexOf(RT, this.getHint(p));
    if (q < 0) {
      if (!eof) {
        this.setHint(p, len);
        if (len - p > this.maxRecordBytes) {
          const item = this.fail(p, `no record terminator (0x1D) within ${len - p} bytes (limit ${this.maxRecordBytes}); skipped to the next terminator`);
          this.skipping = true;
          this.p = len;
          return item;
        }
        return null;
      }
      // End of input and no terminator: a record that lacks only its terminator, or a truncated one.
      let rest = len;
      while (rest > p && isPadding(buf[rest - 1]!)) rest--;
      const size = rest - p;
      if (declared >= 24 && (size === declared || size === declared - 1)) {
        const item = this.fail(p, 'record has no record terminator (0x1D)');
        this.p = len;
        return item;
      }
      const item = this.fail(p, `record is truncated: the leader declares ${declared} bytes, ${len - p} remain in the file and there is no record terminator`);
      this.p = len;
      return item;
    }
    const end = q + 1;
    const warnings: string[] = [];
    if (p + declared !== end) {
      // A leader inside the span means this record stops short (truncated or unterminated) and another begins.
      const x = findStrictLeader(buf, p + 1, q - 36);
      if (x >= 0) {
        const item = this.fail(
          p,
          x - p === declared || x - p === declared - 1
            ? 'record has no record terminator (0x1D)'
            : `record is truncated or unterminated: the leader declares ${declared} bytes but another record starts after ${x - p} bytes`,
        );
        this.p = x;
        return item;
      }
      warnings.push(`the leader declares ${declared} bytes but the record terminator ends the record after ${end - p} bytes; used the terminator`);
    }
    this.p = end;
    if (end - p > this.maxRecordBytes) return this.fail(p, `record is ${end - p} bytes long, more than the limit of ${this.maxRecordBytes}`);
    return this.parse(p, end, warnings);
  }

  /** Parses the record in buf[s, end), where buf[end - 1] is its terminator. */
  private parse(s: number, end: number, warnings: string[]): ReadItem {
    const buf = this.buf;
    if (end - s < 26) return this.fail(s, `record is only ${end - s} bytes long, shorter than a leader and a directory`);
    const leader = leaderString(buf, s, warnings);

    // Directory: from leader end up to the first field terminator.
    const dirStart = s + 24;
    const dataEnd = end - 1; // the record terminator
    const dirEnd = buf.indexOf(FT, dirStart);
    if (dirEnd < 0 || dirEnd >= dataEnd) return this.fail(s, 'no field terminator (0x1E) after the directory');
    const dataStart = dirEnd + 1;
    const baseAddress = digits(buf, s + 12, 5);
    if (baseAddress !== dataStart - s) {
      warnings.push(`leader base address "${show(buf, s + 12, s + 17)}" does not match the end of the directory (${dataStart - s}); used the directory end`);
    }
    let lenW = 4;
    let startW = 5;
    const l20 = buf[s + 20]!;
    const l21 = buf[s + 21]!;
    if (l20 >= 0x31 && l20 <= 0x39 && l21 >= 0x31 && l21 <= 0x39) {
      lenW = l20 - 0x30;
      startW = l21 - 0x30;
    }
    const dirLen = dirEnd - dirStart;
    let entryW = 3 + lenW + startW;
    if (dirLen % entryW !== 0) {
      if (entryW !== 12 && dirLen % 12 === 0) {
        warnings.push(`leader entry map "${show(buf, s + 20, s + 22)}" does not fit the directory; used the standard 4 and 5`);
        lenW = 4;
        startW = 5;
        entryW = 12;
      } else {
        return this.fail(s, `directory is ${dirLen} bytes long, not a multiple of ${entryW} (damaged directory or missing field terminator)`);
      }
    }
    const n = dirLen / entryW;
    const tags: string[] = new Array<string>(n);
    const starts: number[] = new Array<number>(n);
    const lengths: number[] = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const e = dirStart + i * entryW;
      for (let k = e; k < e + 3; k++) {
        const b = buf[k]!;
        const alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
        if (!alnum) return this.fail(s, `directory entry ${i + 1}: tag "${show(buf, e, e + 3)}" is not alphanumeric`);
      }
      const tag = tagAt(buf, e);
      const length = digits(buf, e + 3, lenW);
      const start = digits(buf, e + 3 + lenW, startW);
      if (Number.isNaN(length) || Number.isNaN(start)) {
        return this.fail(s, `directory entry ${i + 1} (tag ${tag}): length/start "${show(buf, e + 3, e + entryW)}" is not numeric`);
      }
      tags[i] = tag;
      lengths[i] = length;
      starts[i] = start;
    }

    // Locate fields by their directory start; each ends at the next field terminator.
    const fs: number[] = new Array<number>(n);
    const fe: number[] = new Array<number>(n);
    let problem = '';
    let mismatched = 0;
    let increasing = true;
    for (let i = 0; i < n; i++) {
      const a = dataStart + starts[i]!;
      if (a >= dataEnd) {
        problem = `directory entry ${i + 1} (tag ${tags[i]}) starts at ${starts[i]}, outside the record's ${dataEnd - dataStart}-byte data area`;
        break;
      }
      if (a !== dataStart && buf[a - 1] !== FT) {
        problem = `directory entry ${i + 1} (tag ${tags[i]}) starts at ${starts[i]}, which is not the start of a field`;
        break;
      }
      const t = buf.indexOf(FT, a);
      if (t < 0 || t >= dataEnd) {
        problem = `field ${i + 1} (tag ${tags[i]}) has no field terminator`;
        break;
      }
      if (t + 1 - a !== lengths[i]) mismatched++;
      if (i > 0 && a <= fs[i - 1]!) increasing = false;
      fs[i] = a;
      fe[i] = t;
    }
    if (!problem && !increasing && new Set(fs).size !== n) problem = 'several directory entries point to the same field';
    if (problem) {
      // Fall back to the order of the fields when the data area holds exactly one field per entry.
      let count = 0;
      let a = dataStart;
      for (let t = buf.indexOf(FT, a); t >= 0 && t < dataEnd && count <= n; t = buf.indexOf(FT, a)) {
        if (count < n) {
          fs[count] = a;
          fe[count] = t;
        }
        count++;
        a = t + 1;
      }
      if (count !== n || a !== dataEnd) return this.fail(s, problem);
      warnings.push(`${problem}; the data area holds exactly ${n} fields, so they were taken in directory order`);
    } else if (mismatched > 0) {
      warnings.push(`${mismatched} directory ${mismatched === 1 ? 'entry states' : 'entries state'} a wrong field length; used the field terminators`);
    }

    // Encoding (see the header comment).
    const data = buf.subarray(dataStart, dataEnd);
    let mode: Mode;
    let encoding: 'utf8' | 'marc8';
    const hasEsc = data.indexOf(ESC) >= 0;
    if (buf[s + 9] === 0x61) {
      encoding = 'utf8';
      mode = isAscii(data) ? Mode.Ascii : Mode.Utf8;
      if (mode === Mode.Utf8 && !isUtf8(data)) warnings.push('leader/09 says UTF-8 but the record has invalid UTF-8 bytes (replaced by U+FFFD)');
    } else if (!hasEsc && isAscii(data)) {
      encoding = this.blankEncoding;
      mode = Mode.Ascii;
    } else if (!hasEsc && isUtf8(data)) {
      encoding = this.blankEncoding = 'utf8';
      mode = Mode.Utf8;
    } else {
      encoding = this.blankEncoding = 'marc8';
      mode = Mode.Marc8;
    }

    // Text is cut from decoded strings rather than decoded piece by piece: one native call per record,
    // then string slicing. Field and subfield delimiters are ASCII, so they survive decoding, and the
    // k-th field terminator in the bytes is the k-th U+001E in the string.
    const fields: Field[] = new Array<Field>(n);
    const st: FieldStats = { junk: 0, badInd: 0 };
    let whole = '';
    let identity = true; // string index = byte offset - dataStart
    let byteStarts: number[] | null = null;
    let charStarts: number[] | null = null;
    if (mode === Mode.Ascii) whole = buf.toString('latin1', dataStart, dataEnd);
    else if (mode === Mode.Utf8) {
      whole = buf.toString('utf8', dataStart, dataEnd);
      if (whole.length !== dataEnd - dataStart) {
        identity = false;
        byteStarts = [];
        charStarts = [];
        for (let bp = dataStart, cp = 0; ; ) {
          byteStarts.push(bp);
          charStarts.push(cp);
          const nb = buf.indexOf(FT, bp);
          const nc = whole.indexOf('\u001e', cp);
          if (nb < 0 || nb >= dataEnd - 1 || nc < 0) break;
          bp = nb + 1;
          cp = nc + 1;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      const tag = tags[i]!;
      const a = fs[i]!;
      const b = fe[i]!;
      const control = tag.charCodeAt(0) === 0x30 && tag.charCodeAt(1) === 0x30;
      let str = whole;
      let from: number;
      let to: number;
      if (mode === Mode.Marc8) {
        if (needsMarc8(buf, a, b)) {
          fields[i] = control ? { tag, value: decodeMarc8(buf.subarray(a, b)) } : marc8DataField(tag, buf, a, b, st);
          continue;
        }
        str = buf.toString('latin1', a, b);
        from = 0;
        to = b - a;
      } else if (identity) {
        from = a - dataStart;
        to = b - dataStart;
      } else {
        const k = fieldIndex(byteStarts!, a, i);
        from = charStarts![k]!;
        to = whole.indexOf('\u001e', from);
        if (to < 0) to = whole.length;
      }
      if (control) {
        const v = str.slice(from, to);
        fields[i] = { tag, value: identity ? v : nfc(v) };
      } else {
        fields[i] = dataField(tag, str, from, to, !identity, st);
      }
    }
    if (st.badInd > 0) warnings.push(`${st.badInd} data field${st.badInd === 1 ? ' has' : 's have'} missing or invalid indicators (read as blanks)`);
    if (st.junk > 0) warnings.push(`${st.junk} characters of text before the first subfield delimiter of a data field were ignored`);

    const record: MarcRecord = { leader, fields };
    const item: ReadItem = { ok: true, record, index: ++this.index, offset: this.base + s, encoding };
    if (warnings.length > 0) item.warnings = warnings;
    return item;
  }
}

function leaderString(buf: Buffer, s: number, warnings: string[]): string {
  let clean = true;
  for (let i = s; i < s + 24; i++) {
    const b = buf[i]!;
    if (b < 0x20 || b > 0x7e) clean = false;
  }
  if (clean) return buf.toString('latin1', s, s + 24);
  warnings.push(`leader "${show(buf, s, s + 24)}" has bytes that are not printable ASCII; replaced by spaces`);
  let out = '';
  for (let i = s; i < s + 24; i++) {
    const b = buf[i]!;
    out += b < 0x20 || b > 0x7e ? ' ' : String.fromCharCode(b);
  }
  return out;
}

/** Position of byte offset `a` in the sorted field starts (usually `guess`, the directory order). */
function fieldIndex(starts: number[], a: number, guess: number): number {
  if (starts[guess] === a) return guess;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < a) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface FieldStats {
  /** characters between the indicators and the first subfield delimiter */
  junk: number;
  /** data fields whose indicators are missing or not printable ASCII */
  badInd: number;
}

function indicatorChar(c: number): string {
  return c >= 0x20 && c < 0x7f ? CHARS[c]! : ' ';
}

/** A data field from str[from, to): two indicators, then subfields each introduced by U+001F. */
function dataField(tag: string, str: string, from: number, to: number, norm: boolean, st: FieldStats): DataField {
  let d = str.indexOf('\u001f', from);
  if (d < 0 || d > to) d = to;
  let ind1 = ' ';
  let ind2 = ' ';
  if (d - from >= 2) {
    const c1 = str.charCodeAt(from);
    const c2 = str.charCodeAt(from + 1);
    ind1 = indicatorChar(c1);
    ind2 = indicatorChar(c2);
    if (ind1 === ' ' && c1 !== 0x20) st.badInd++;
    else if (ind2 === ' ' && c2 !== 0x20) st.badInd++;
    st.junk += d - from - 2;
  } else if (to > from) {
    if (d - from === 1) ind1 = indicatorChar(str.charCodeAt(from));
    st.badInd++;
  }
  const subfields: Subfield[] = [];
  let i = d;
  while (i < to) {
    let j = str.indexOf('\u001f', i + 1);
    if (j < 0 || j > to) j = to;
    if (j - i >= 2) {
      const c = str.charCodeAt(i + 1);
      let code: string;
      let k: number;
      if (c < 0x80) {
        code = CHARS[c]!;
        k = i + 2;
      } else {
        // a non-ASCII subfield code (invalid, but keep the data): its first character is the code
        code = String.fromCodePoint(str.codePointAt(i + 1)!);
        k = i + 1 + code.length;
      }
      const v = str.slice(k, j);
      subfields.push({ code, value: norm ? nfc(v) : v });
    }
    i = j;
  }
  return { tag, ind1, ind2, subfields };
}

function needsMarc8(buf: Buffer, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = buf[i]!;
    if (c >= 0x80 || c === ESC) return true;
  }
  return false;
}

/** A MARC-8 data field in buf[a, b) with non-ASCII bytes or escapes. */
function marc8DataField(tag: string, buf: Buffer, a: number, b: number, st: FieldStats): DataField {
  let d = buf.indexOf(SD, a);
  if (d < 0 || d > b) d = b;
  // Indicators are ASCII: read them and count the damage through the string parser.
  const head = dataField(tag, buf.toString('latin1', a, d), 0, d - a, false, st);
  const subfields: Subfield[] = [];
  if (d < b) {
    // An escape sequence stays in force until the end of the field, across subfield delimiters,
    // so a field with ESC is decoded in one piece and split afterwards (when that splits cleanly).
    const esc = buf.indexOf(ESC, d);
    if (esc >= 0 && esc < b) {
      let delimiters = 0;
      for (let i = d; i < b; i++) if (buf[i] === SD) delimiters++;
      const parts = decodeMarc8(buf.subarray(d, b)).split('\u001f');
      if (parts.length === delimiters + 1 && parts[0] === '' && parts.every((x, k) => k === 0 || x === '' || x.charCodeAt(0) < 0x80)) {
        for (let k = 1; k < parts.length; k++) {
          const part = parts[k]!;
          if (part.length > 0) subfields.push({ code: part[0]!, value: part.slice(1) });
        }
        return { tag, ind1: head.ind1, ind2: head.ind2, subfields };
      }
    }
    for (let i = d; i < b; ) {
      let j = buf.indexOf(SD, i + 1);
      if (j < 0 || j > b) j = b;
      if (j - i >= 2) {
        const c = buf[i + 1]!;
        if (c < 0x80) {
          const v = needsMarc8(buf, i + 2, j) ? decodeMarc8(buf.subarray(i + 2, j)) : buf.toString('latin1', i + 2, j);
          subfields.push({ code: CHARS[c]!, value: v });
        } else {
          // a non-ASCII subfield code (invalid, but keep the data): its first character is the code
          const both = decodeMarc8(buf.subarray(i + 1, j));
          const code = String.fromCodePoint(both.codePointAt(0) ?? 0x20);
          subfields.push({ code, value: both.slice(code.length) });
        }
      }
      i = j;
    }
  }
  return { tag, ind1: head.ind1, ind2: head.ind2, subfields };
}
