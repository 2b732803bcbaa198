// Streaming MARC-in-JSON reader (http://dilettantes.code4lib.org/blog/2010/09/a-proposal-to-serialize-marc-in-json/):
//   { "leader": "...", "fields": [ { "001": "..." }, { "245": { "ind1": " ", "ind2": " ", "subfields": [ { "a": "..." } ] } } ] }
// Input: one object, an array of objects, or objects one after another (newline-delimited JSON).
//
// A byte scanner finds each top-level element (tracking strings and nesting), then JSON.parse reads it
// and the result is checked. A bad element (invalid JSON, not an object, no leader, a malformed field)
// is one { ok: false } item and reading goes on with the next element. JSON strings cannot hold a raw
// line break, so a string still open at the end of a line marks the element as broken: the reader then
// resumes at the next line that starts with '{' (exact for newline-delimited JSON; in a pretty-printed
// array the rest of a broken element may come out as extra failed items). When the first object of a
// stream fits on one line, the stream is taken as newline-delimited: an object still open at the end
// of its line is broken too.

import { DEFAULT_MAX_RECORD_BYTES, nfc } from './iso2709.js';
import type { DataField, Field, MarcRecord, Subfield } from './record.js';
import { BufferedChunkParser } from './chunk-parser.js';
import type { ReaderOptions, ReadItem } from './readers.js';

const enum Top {
  Start,
  Array,
  Stream,
  End,
}

function isWs(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

interface Scan {
  depth: number;
  inStr: boolean;
  esc: boolean;
  /** relative to the element start */
  off: number;
}

export class MijParser extends BufferedChunkParser {
  private index = 0;
  private top = Top.Start;
  private scan: Scan | null = null;
  /** after a broken element: skipping lines until one starts with '{' */
  private resync = false;
  /** ... and the rest of the current line first */
  private midLine = false;
  /** absolute offset of non-blank data found after the closing ']' */
  private junk = -1;
  /** objects one per line (newline-delimited JSON), decided from the first object of a stream */
  private lines: boolean | null = null;
  private readonly maxRecordBytes: number;

  constructor(opts: ReaderOptions = {}) {
    super(opts.startOffset ?? 0);
    this.maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  }

  private fail(p: number, reason: string): ReadItem {
    return { ok: false, index: ++this.index, offset: this.base + p, reason };
  }

  protected next(eof: boolean): ReadItem | null {
    const buf = this.buf;
    const len = buf.length;
    for (;;) {
      let p = this.p;
      if (this.scan) return this.element(eof);
      if (this.resync && this.midLine) {
        const nl = buf.indexOf(0x0a, p);
        this.p = nl < 0 ? len : nl + 1;
        if (nl < 0) return null;
        this.midLine = false;
        continue;
      }
      if (this.resync) {
        // at a line start: '{' (maybe after ',') resumes, ']' ends an array, anything else skips the line
        while (p < len && (buf[p] === 0x20 || buf[p] === 0x09 || buf[p] === 0x2c)) p++;
        if (p >= len) {
          this.p = p;
          return null;
        }
        const c = buf[p];
        if (c === 0x7b || (c === 0x5d && this.top === Top.Array)) {
          this.resync = false;
          this.p = p;
        } else {
          this.p = p;
          this.midLine = true;
          continue;
        }
      }
      if (this.base + p === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) p = 3;
      while (p < len && isWs(buf[p])) p++;
      this.p = p;
      if (p >= len) {
        if (eof && this.top === Top.Array) {
          this.top = Top.End;
          return this.fail(p, 'the JSON array is not closed (truncated file?)');
        }
        if (eof && this.junk >= 0) {
          const at = this.junk;
          this.junk = -1;
          return { ok: false, index: ++this.index, offset: at, reason: `unexpected data after the end of the JSON array (${this.base + len - at} bytes ignored)` };
        }
        return null;
      }
      const c = buf[p]!;
      if (this.top === Top.Start) {
        if (c === 0x5b) {
          this.top = Top.Array;
          this.p = p + 1;
          continue;
        }
        this.top = Top.Stream;
      }
      if (this.top === Top.End) {
        // reported once, at the end of input
        if (this.junk < 0) this.junk = this.base + p;
        this.p = len;
        continue;
      }
      if (c === 0x2c) {
        this.p = p + 1; // separators (tolerated between newline-delimited objects too)
        continue;
      }
      if (c === 0x5d && this.top === Top.Array) {
        this.top = Top.End;
        this.p = p + 1;
        continue;
      }
      if (this.top === Top.Stream && c !== 0x7b) {
        // not an object where one should start: report the rest of the line
        const nl = buf.indexOf(0x0a, p);
        if (nl < 0 && !eof && len - p <= 20) return null; // wait for enough to quote
        const stop = nl < 0 ? len : nl;
        this.p = nl < 0 ? len : nl + 1;
        this.resync = true;
        this.midLine = nl < 0;
        const quoted = buf.toString('utf8', p, Math.min(stop, p + 20)).trim();
        return this.fail(p, `unexpected data "${quoted}${stop - p > 20 ? '...' : ''}" where a JSON object should start; skipped to the next line starting with "{"`);
      }
      this.scan = { depth: 0, inStr: false, esc: false, off: 0 };
      return this.element(eof);
    }
  }

  /** Continues scanning the element starting at this.p. */
  private element(eof: boolean): ReadItem | null {
    const buf = this.buf;
    const len = buf.length;
    const p = this.p;
    const sc = this.scan!;
    const first = buf[p]!;
    const container = first === 0x7b || first === 0x5b;
    let i = p + sc.off;
    let end = -1;
    let broken = -1;
    // In newline-delimited JSON a line break inside an object means the object was never closed.
    const oneLine = this.top === Top.Stream && this.lines === true;
    if (container || first === 0x22) {
      let { depth, inStr, esc } = sc;
      if (sc.off === 0) {
        // the first byte opens the container or the string
        if (container) depth = 1;
        else inStr = true;
        i = p + 1;
      }
      for (; i < len; i++) {
        const b = buf[i]!;
        if (inStr) {
          if (esc) esc = false;
          else if (b === 0x5c) esc = true;
          else if (b === 0x22) {
            inStr = false;
            if (!container) {
              end = i + 1;
              break;
            }
          } else if (b === 0x0a) {
            broken = i;
            break;
          }
        } else if (b === 0x22) inStr = true;
        else if (b === 0x0a && oneLine) {
          broken = i;
          break;
        } else if (b === 0x7b || b === 0x5b) depth++;
        else if (b === 0x7d || b === 0x5d) {
          if (--depth === 0) {
            end = i + 1;
            break;
          }
        }
      }
      sc.depth = depth;
      sc.inStr = inStr;
      sc.esc = esc;
    } else {
      // a bare scalar (number, true, junk): up to a separator; at least its first byte, so reading advances
      for (i = Math.max(i, p + 1); i < len; i++) {
        const b = buf[i]!;
        if (b === 0x2c || b === 0x5d || b === 0x7d || isWs(b) || b === 0x7b || b === 0x5b) {
          end = i;
          break;
        }
      }
      if (end < 0 && eof) end = len;
    }
    if (broken >= 0) {
      const what = sc.inStr ? 'a string is not closed before the end of the line' : 'the object is not closed at the end of its line';
      this.scan = null;
      this.p = broken + 1;
      this.resync = true;
      return this.fail(p, `invalid JSON: ${what}; skipped to the next line starting with "{"`);
    }
    if (end < 0) {
      if (!eof) {
        sc.off = i - p;
        if (len - p <= this.maxRecordBytes) return null;
        this.scan = null;
        this.p = len;
        this.resync = true;
        this.midLine = true;
        return this.fail(p, `element is longer than ${this.maxRecordBytes} bytes; skipped to the next line starting with "{"`);
      }
      this.scan = null;
      this.p = len;
      if (this.top === Top.Array) this.top = Top.End; // the array is unclosed too: one report is enough
      return this.fail(p, `element is truncated: the input ends ${len - p} bytes after its start`);
    }
    this.scan = null;
    this.p = end;
    if (this.top === Top.Stream && this.lines === null) {
      const nl = buf.indexOf(0x0a, p);
      this.lines = nl < 0 || nl >= end;
    }
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', p, end));
    } catch (e) {
      return this.fail(p, `invalid JSON: ${(e as Error).message}`);
    }
    const warnings: string[] = [];
    const rec = toRecord(value, warnings);
    if (typeof rec === 'string') return this.fail(p, rec);
    const item: ReadItem = { ok: true, record: rec, index: ++this.index, offset: this.base + p, encoding: 'utf8' };
    if (warnings.length > 0) item.warnings = warnings;
    return item;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a parsed MARC-in-JSON value; returns the record or the reason it is not one. */
export function toRecord(v: unknown, warnings: string[]): MarcRecord | string {
  if (!isObject(v)) return `element is not a JSON object (${Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v})`;
  const rawLeader = v['leader'];
  if (typeof rawLeader !== 'string') return 'record has no "leader" string';
  let leader = rawLeader;
  const rawFields = v['fields'];
  if (!Array.isArray(rawFields)) return 'record has no "fields" array';
  if (leader.length !== 24) {
    warnings.push(`leader "${leader}" is ${leader.length} characters long, not 24; ${leader.length < 24 ? 'padded with spaces' : 'cut'}`);
    leader = leader.padEnd(24, ' ').slice(0, 24);
  }
  const fields: Field[] = [];
  for (let i = 0; i < rawFields.length; i++) {
    const f: unknown = rawFields[i];
    if (!isObject(f)) return `fields[${i}] is not an object`;
    const keys = Object.keys(f);
    if (keys.length !== 1) return `fields[${i}] has ${keys.length} keys, expected one tag`;
    const tag = keys[0]!;
    const body = f[tag];
    if (typeof body === 'string') {
      fields.push({ tag, value: nfc(body) });
      continue;
    }
    if (!isObject(body)) return `field ${tag} (fields[${i}]) is neither a string nor an object`;
    const subs = body['subfields'];
    if (!Array.isArray(subs)) return `field ${tag} (fields[${i}]) has no "subfields" array`;
    const subfields: Subfield[] = [];
    for (let k = 0; k < subs.length; k++) {
      const s: unknown = subs[k];
      if (!isObject(s)) return `field ${tag} (fields[${i}]): subfields[${k}] is not an object`;
      const codes = Object.keys(s);
      if (codes.length !== 1) return `field ${tag} (fields[${i}]): subfields[${k}] has ${codes.length} keys, expected one code`;
      const code = codes[0]!;
      const value = s[code];
      if (typeof value === 'string') subfields.push({ code, value: nfc(value) });
      else if (typeof value === 'number') subfields.push({ code, value: String(value) });
      else return `field ${tag} (fields[${i}]): subfield ${code} is not a string`;
    }
    const field: DataField = { tag, ind1: indicator(body['ind1'], tag, warnings), ind2: indicator(body['ind2'], tag, warnings), subfields };
    fields.push(field);
  }
  return { leader, fields };
}

function indicator(v: unknown, tag: string, warnings: string[]): string {
  if (v === undefined || v === null || v === '') return ' ';
  const s = String(v);
  if (s.length !== 1) warnings.push(`field ${tag}: indicator "${s}" is not one character; kept its first`);
  return s[0]!;
}
