// Streaming MARCXML reader (MARC21 slim schema, also used for UNIMARC by Koha and yaz), built on saxes.
//
// Accepted: the namespace http://www.loc.gov/MARC21/slim with any prefix or as the default, and no
// namespace at all; a <collection> of <record>s, a single <record> root, several <record> roots
// concatenated (not well-formed XML, but real exports do it), and <record>s wrapped in other vocabularies
// (e.g. an OAI-PMH response: only MARC <record>s are read). Authority and holdings records are returned
// like any other: classifying them is the caller's job.
//
// Errors:
//  * A record without <leader>, a <subfield> outside a <datafield>, a field without its tag or code, or
//    an XML error that saxes reports and recovers from (undefined entity, character not allowed in XML,
//    e.g. a stray 0x1F) inside a record: that record is { ok: false } and reading goes on.
//  * Any other XML error (mismatched or unclosed tags, truncated file, broken markup) is fatal, as XML
//    requires: reading stops with one { ok: false } item giving the line and column; the record being
//    read when it happened, if any, is that item.
//  * An undeclared prefix is tolerated (the element is read as in no namespace) with a warning.
// Offsets are byte offsets of the '<' of <record ...> (see readers.ts).

import { isUtf8 } from 'node:buffer';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { DEFAULT_MAX_RECORD_BYTES, nfc } from './iso2709.js';
import type { DataField, Field } from './record.js';
import type { MarcChunkParser, ReaderOptions, ReadItem } from './readers.js';

const MARC_NS = 'http://www.loc.gov/MARC21/slim';

type Kind = 'leader' | 'control' | 'data' | 'sub' | 'skip';

interface OpenRecord {
  index: number;
  offset: number;
  line: number;
  leader: string | null;
  fields: Field[];
  errors: string[];
  warnings: string[];
  stack: Kind[];
  field: DataField | null;
  text: string;
  tag: string;
  code: string;
  /** characters of text collected so far, to bound memory on absurd input */
  size: number;
}

interface Segment {
  /** char offset of s[0] in the document */
  c0: number;
  /** byte offset of s[0] in the file */
  b0: number;
  s: string;
  /** for input that was not valid UTF-8: [char, byte] positions (relative) just after each replaced byte */
  anchors: number[][] | null;
}

/** Length in bytes of the valid UTF-8 sequence at b[i], or 0 (RFC 3629: no overlongs, surrogates, > U+10FFFF). */
function utf8SeqLen(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + n > b.length) return 0;
  const c1 = b[i + 1]!;
  if (c1 < lo || c1 > hi) return 0;
  for (let k = 2; k < n; k++) {
    const ck = b[i + k]!;
    if (ck < 0x80 || ck > 0xbf) return 0;
  }
  return n;
}

/** Decodes bytes that are not valid UTF-8: one U+FFFD per bad byte, with anchors that keep byte offsets exact. */
function decodeLossy(b: Buffer): { s: string; anchors: number[][] } {
  const parts: string[] = [];
  const anchors: number[][] = [];
  let chars = 0;
  let run = 0;
  for (let i = 0; i < b.length; ) {
    const n = utf8SeqLen(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    const ok = b.toString('utf8', run, i);
    parts.push(ok, '\ufffd');
    chars += ok.length + 1;
    i++;
    run = i;
    anchors.push([chars, i]);
  }
  parts.push(b.toString('utf8', run));
  return { s: parts.join(''), anchors };
}

type Bindings = Record<string, string>;

interface QName {
  prefix: string;
  local: string;
}

/** Element names split once: the same handful of names recur millions of times. */
const QNAMES = new Map<string, QName>();

function qname(name: string): QName {
  let q = QNAMES.get(name);
  if (!q) {
    const colon = name.indexOf(':');
    q = colon < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
    if (QNAMES.size < 10_000) QNAMES.set(name, q);
  }
  return q;
}

/** Errors after which saxes goes on with sensible events: they spoil one record, not the file. */
const RECOVERABLE = /^(undefined entity|disallowed character|invalid character entity)/;

/** Length of the longest prefix of `b` that ends on a UTF-8 character boundary. */
function completeUtf8(b: Buffer): number {
  const n = b.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const c = b[n - k]!;
    if (c < 0x80) return n; // ASCII: complete
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return k >= need ? n : n - k;
    }
  }
  return n;
}

export class MarcXmlParser implements MarcChunkParser {
  // Namespaces are resolved here rather than by saxes (xmlns: true costs a third of the parse time):
  // only "is this element MARC or in no namespace" matters.
  private readonly sax = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  private ns: Bindings[] = [Object.create(null) as Bindings];
  /** xmlns attributes of the start tag being read (from the attribute event: cheaper than scanning every tag) */
  private declared: [string, string][] | null = null;
  private queue: ReadItem[] = [];
  private index = 0;
  private cur: OpenRecord | null = null;
  private fatal = false;
  private first = true;
  // decoding and char -> byte mapping
  private decoder: TextDecoder | null = null;
  private singleByte = false;
  private carry: Buffer | null = null;
  private chars = 0;
  private bytes: number;
  private segs: Segment[] = [];
  private cacheSeg: Segment | null = null;
  private cacheC = 0;
  private cacheB = 0;

  private readonly maxRecordChars: number;

  constructor(opts: ReaderOptions = {}) {
    this.bytes = opts.startOffset ?? 0;
    this.maxRecordChars = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    const sax = this.sax;
    sax.on('attribute', (a) => {
      const n = a.name;
      if (n.charCodeAt(0) === 0x78 && (n === 'xmlns' || n.startsWith('xmlns:'))) (this.declared ??= []).push([n === 'xmlns' ? '' : n.slice(6), a.value]);
    });
    sax.on('opentag', (tag) => this.open(tag));
    sax.on('closetag', () => this.close());
    sax.on('text', (t) => this.text(t));
    sax.on('cdata', (t) => this.text(t));
    sax.on('error', (err) => this.error(err));
  }

  get stopped(): boolean {
    return this.fatal;
  }

  feed(chunk: Buffer): void {
    if (this.fatal || chunk.length === 0) return;
    let b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    if (this.first) {
      this.first = false;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
        b = b.subarray(3);
        this.bytes += 3;
      }
      const decl = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(b.toString('latin1', 0, Math.min(b.length, 512)));
      const label = decl?.[1]?.toLowerCase();
      if (label && label !== 'utf-8' && label !== 'utf8') {
        try {
          this.decoder = new TextDecoder(label);
          this.singleByte = /^(windows-125\d|iso-8859-\d+|koi8-[ru]|ibm866|macintosh|x-mac-cyrillic)$/.test(this.decoder.encoding);
        } catch {
          this.stop(0, `unsupported XML encoding "${decl?.[1]}"`);
          return;
        }
      }
    }
    let s: string;
    let used: number;
    if (this.decoder) {
      s = this.decoder.decode(b, { stream: true });
      used = b.length;
    } else {
      used = completeUtf8(b);
      if (used < b.length) this.carry = Buffer.from(b.subarray(used));
      const part = used < b.length ? b.subarray(0, used) : b;
      if (isUtf8(part)) s = part.toString('utf8');
      else {
        const lossy = decodeLossy(part);
        this.write(lossy.s, used, lossy.anchors);
        return;
      }
    }
    this.write(s, used);
  }

  *drain(): Generator<ReadItem> {
    const q = this.queue;
    this.queue = [];
    yield* q;
  }

  *finish(): Generator<ReadItem> {
    if (!this.fatal) {
      if (this.carry) {
        const rest = this.carry;
        this.carry = null;
        const lossy = decodeLossy(rest);
        this.write(lossy.s, rest.length, lossy.anchors);
      } else if (this.decoder) {
        this.write(this.decoder.decode(), 0);
      }
      if (!this.fatal) {
        try {
          this.sax.close();
        } catch (e) {
          this.stop(this.chars, `XML parser failed: ${(e as Error).message}`);
        }
      }
    }
    yield* this.drain();
  }

  private write(s: string, byteLen: number, anchors: number[][] | null = null): void {
    if (s.length === 0) return;
    this.segs.push({ c0: this.chars, b0: this.bytes, s, anchors });
    this.chars += s.length;
    this.bytes += byteLen;
    // Keep the segments a start tag or error position can still point into.
    while (this.segs.length > 2 && this.segs[1]!.c0 + this.segs[1]!.s.length < this.chars - 4096) this.segs.shift();
    try {
      this.sax.write(s);
    } catch (e) {
      this.stop(this.sax.position, `XML parser failed: ${(e as Error).message}`);
    }
  }

  private segAt(c: number): Segment | undefined {
    for (let i = this.segs.length - 1; i >= 0; i--) {
      const g = this.segs[i]!;
      if (g.c0 <= c) return g;
    }
    return this.segs[0];
  }

  /** The '<' of the start tag that ends just before character `c`: attribute values cannot hold '<'. */
  private tagStart(c: number): number {
    for (let i = this.segs.length - 1; i >= 0; i--) {
      const g = this.segs[i]!;
      if (g.c0 >= c) continue;
      const k = g.s.lastIndexOf('<', c - 1 - g.c0);
      if (k >= 0) return g.c0 + k;
    }
    return c;
  }

  /** Byte offset of character offset `c`: incremental, since positions asked for only grow. */
  private charToByte(c: number): number {
    const g = this.segAt(c);
    if (!g) return this.bytes;
    const k = Math.max(0, Math.min(c - g.c0, g.s.length));
    if (this.singleByte) return g.b0 + k;
    if (this.decoder) return g.b0 + k; // multi-byte legacy encodings: a character offset (documented)
    // Restart from the segment start, or from the last replaced byte before k (see decodeLossy).
    let c0 = 0;
    let b0 = 0;
    const anchors = g.anchors;
    if (anchors && anchors.length > 0 && anchors[0]![0]! <= k) {
      let lo = 0;
      let hi = anchors.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (anchors[mid]![0]! <= k) lo = mid;
        else hi = mid - 1;
      }
      c0 = anchors[lo]![0]!;
      b0 = anchors[lo]![1]!;
    }
    if (this.cacheSeg !== g || this.cacheC > k || this.cacheC < c0) {
      this.cacheSeg = g;
      this.cacheC = c0;
      this.cacheB = b0;
    }
    this.cacheB += Buffer.byteLength(g.s.slice(this.cacheC, k), 'utf8');
    this.cacheC = k;
    return g.b0 + this.cacheB;
  }

  private where(): string {
    return `line ${this.sax.line}, column ${this.sax.column}`;
  }

  private stop(charPos: number, reason: string): void {
    if (this.fatal) return;
    this.fatal = true;
    const cur = this.cur;
    this.cur = null;
    if (cur) this.queue.push({ ok: false, index: cur.index, offset: cur.offset, reason });
    else this.queue.push({ ok: false, index: ++this.index, offset: this.charToByte(charPos), reason });
  }

  private error(err: Error): void {
    if (this.fatal) return;
    const m = /^(\d+):(\d+): ([\s\S]*)$/.exec(err.message);
    const where = m ? `line ${m[1]}, column ${m[2]}` : this.where();
    const what = m ? m[3]! : err.message;
    if (what.startsWith('documents may contain only one root') || what.startsWith('text data outside of root node')) {
      return; // concatenated <record> roots: read them all
    }
    if (RECOVERABLE.test(what)) {
      this.cur?.errors.push(`XML error at ${where}: ${what}`);
      return;
    }
    const n = this.cur ? '' : ` after ${this.index} record${this.index === 1 ? '' : 's'}`;
    this.stop(this.sax.position, `XML is not well-formed at ${where}: ${what.replace(/\.$/, '')}; reading stopped${n}`);
  }

  private open(tag: SaxesTagPlain): void {
    if (this.fatal) return;
    let bindings = this.ns[this.ns.length - 1]!;
    if (this.declared) {
      bindings = Object.create(bindings) as Bindings;
      for (const [prefix, uri] of this.declared) bindings[prefix] = uri;
      this.declared = null;
    }
    this.ns.push(bindings);
    const name = tag.name;
    const { prefix, local } = qname(name);
    const uri = bindings[prefix];
    const marc = uri === MARC_NS || !uri;
    const cur = this.cur;
    if (prefix !== '' && uri === undefined) {
      cur?.warnings.push(`line ${this.sax.line}: prefix of <${name}> is not declared; read as no namespace`);
    }
    if (!cur) {
      if (marc && local === 'record') {
        this.cur = {
          index: ++this.index,
          offset: this.charToByte(this.tagStart(this.sax.position)),
          line: this.sax.line,
          leader: null,
          fields: [],
          errors: [],
          warnings: [],
          stack: [],
          field: null,
          text: '',
          tag: '',
          code: '',
          size: 0,
        };
      }
      return;
    }
    const stack = cur.stack;
    const top = stack[stack.length - 1];
    if (top === 'skip' || !marc) {
      stack.push('skip');
      return;
    }
    const attrs = tag.attributes;
    switch (local) {
      case 'leader':
        if (top !== undefined) cur.errors.push(`<leader> inside <${top}> at ${this.at()}`);
        if (cur.leader !== null) cur.warnings.push(`second <leader> at ${this.at()} ignored`);
        stack.push(top === undefined && cur.leader === null ? 'leader' : 'skip');
        cur.text = '';
        return;
      case 'controlfield': {
        const t = attrs['tag'];
        if (t === undefined) cur.errors.push(`<controlfield> without a tag attribute at ${this.at()}`);
        if (top !== undefined) cur.errors.push(`<controlfield> nested in another element at ${this.at()}`);
        cur.tag = t ?? '';
        cur.text = '';
        stack.push('control');
        return;
      }
      case 'datafield': {
        const t = attrs['tag'];
        if (t === undefined) cur.errors.push(`<datafield> without a tag attribute at ${this.at()}`);
        if (top !== undefined) cur.errors.push(`<datafield> nested in another element at ${this.at()}`);
        cur.field = { tag: t ?? '', ind1: this.ind(cur, attrs['ind1']), ind2: this.ind(cur, attrs['ind2']), subfields: [] };
        stack.push('data');
        return;
      }
      case 'subfield': {
        const code = attrs['code'];
        if (top !== 'data') cur.errors.push(`<subfield> outside a <datafield> at ${this.at()}`);
        if (code === undefined || code.length === 0) cur.errors.push(`<subfield> without a code attribute at ${this.at()}`);
        cur.code = code ?? '';
        cur.text = '';
        stack.push('sub');
        return;
      }
      case 'record':
        cur.errors.push(`<record> nested in a <record> at ${this.at()}`);
        stack.push('skip');
        return;
      default:
        cur.warnings.push(`unexpected element <${name}> at ${this.at()} ignored`);
        stack.push('skip');
    }
  }

  private at(): string {
    return `line ${this.sax.line}`;
  }

  private ind(cur: OpenRecord, v: string | undefined): string {
    if (v === undefined || v === '') return ' ';
    if (v.length !== 1) cur.warnings.push(`indicator "${v}" at ${this.at()} is not one character; kept its first`);
    return v[0]!;
  }

  private text(t: string): void {
    const cur = this.cur;
    if (!cur || this.fatal) return;
    const top = cur.stack[cur.stack.length - 1];
    if (top !== 'leader' && top !== 'control' && top !== 'sub') return;
    cur.size += t.length;
    if (cur.size <= this.maxRecordChars) cur.text += t;
    else if (cur.errors.length === 0 || !cur.errors[cur.errors.length - 1]!.startsWith('record text is longer')) {
      cur.errors.push(`record text is longer than ${this.maxRecordChars} characters`);
    }
  }

  private close(): void {
    if (this.fatal) return;
    if (this.ns.length > 1) this.ns.pop();
    const cur = this.cur;
    if (!cur) return;
    const kind = cur.stack.pop();
    switch (kind) {
      case undefined:
        this.cur = null;
        this.finishRecord(cur);
        return;
      case 'leader':
        cur.leader = cur.text;
        break;
      case 'control':
        cur.fields.push({ tag: cur.tag, value: nfc(cur.text) });
        break;
      case 'sub':
        cur.field?.subfields.push({ code: cur.code, value: nfc(cur.text) });
        break;
      case 'data':
        if (cur.field) cur.fields.push(cur.field);
        cur.field = null;
        break;
      case 'skip':
        break;
    }
    cur.text = '';
  }

  private finishRecord(cur: OpenRecord): void {
    if (cur.leader === null) cur.errors.push('record has no <leader>');
    if (cur.errors.length > 0) {
      this.queue.push({ ok: false, index: cur.index, offset: cur.offset, reason: `record starting at line ${cur.line}: ${cur.errors.join('; ')}` });
      return;
    }
    let leader = cur.leader!;
    if (leader.length !== 24) {
      cur.warnings.push(`leader "${leader}" is ${leader.length} characters long, not 24; ${leader.length < 24 ? 'padded with spaces' : 'cut'}`);
      leader = leader.padEnd(24, ' ').slice(0, 24);
    }
    const item: ReadItem = { ok: true, record: { leader, fields: cur.fields }, index: cur.index, offset: cur.offset, encoding: 'utf8' };
    if (cur.warnings.length > 0) item.warnings = cur.warnings;
    this.queue.push(item);
  }
}
