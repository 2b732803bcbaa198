// Streaming MARC readers: ISO 2709, MARCXML and MARC-in-JSON, one item per record.
//
// Every item says where it came from:
//   index  1-based number of the item in the file. Unreadable stretches count too (a damaged record, or
//          garbage where a record should start, is one item), so indexes match what a person counts.
//   offset byte offset in the file where the item starts: the record's leader (ISO 2709), the '<' of its
//          <record> start tag (MARCXML; exact for UTF-8 and single-byte encodings, a character offset for
//          other declared encodings), the '{' of its object (MARC-in-JSON).
// A reader never throws on bad data and always terminates: damaged records come out as
// { ok: false, reason } and reading goes on with the next one. Only an aborted signal (AbortError)
// or an I/O error ends iteration with an exception.

import { open } from 'node:fs/promises';
import type { MarcRecord } from './record.js';
import { Iso2709Parser } from './iso2709.js';
import { MarcXmlParser } from './marcxml.js';
import { MijParser } from './mij.js';

export type MarcSyntax = 'iso2709' | 'marcxml' | 'mij';

export type ReadItem =
  | {
      ok: true;
      record: MarcRecord;
      index: number;
      offset: number;
      /** How the record's bytes were decoded (always 'utf8' for MARCXML and MARC-in-JSON). */
      encoding: 'utf8' | 'marc8';
      /** Damage that was repaired while reading (e.g. a wrong record length); absent when none. */
      warnings?: string[];
    }
  | { ok: false; index: number; offset: number; reason: string };

/** Incremental parser behind each syntax. */
export interface MarcChunkParser {
  /** Adds input. The chunk is kept by reference until consumed: do not reuse its memory. */
  feed(chunk: Buffer): void;
  /** Items complete with the input so far. */
  drain(): Generator<ReadItem>;
  /** Items left at end of input (call once, after the last feed). */
  finish(): Generator<ReadItem>;
  /** True when the input cannot be read further (e.g. broken XML): stop feeding, call finish(). */
  readonly stopped: boolean;
}

export interface ReaderOptions {
  /** ISO 2709 records longer than this are reported as unreadable (default 16 MiB). */
  maxRecordBytes?: number;
  /** Absolute offset of the first byte fed to the parser. */
  startOffset?: number;
}

export interface ReadMarcFileOptions {
  signal?: AbortSignal;
  /** Skip detection. */
  syntax?: MarcSyntax;
  /** Called after each chunk is read from disk, for progress bars. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Read size (default 1 MiB). */
  chunkSize?: number;
  maxRecordBytes?: number;
}

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** First byte that is not a UTF-8 BOM or XML/JSON whitespace. */
function firstSignificant(head: Uint8Array): number {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && isSpace(head[i])) i++;
  return i;
}

/**
 * Guesses the syntax from the first bytes: '<' MARCXML, '{' or '[' MARC-in-JSON, five digits
 * (the record length) ISO 2709. A UTF-8 BOM and leading whitespace are skipped. Null otherwise.
 */
export function detectSyntax(head: Uint8Array): MarcSyntax | null {
  const i = firstSignificant(head);
  const c = head[i];
  if (c === 0x3c) return 'marcxml';
  if (c === 0x7b || c === 0x5b) return 'mij';
  if (i + 5 > head.length) return null;
  for (let k = i; k < i + 5; k++) {
    const d = head[k]!;
    if (d < 0x30 || d > 0x39) return null;
  }
  return 'iso2709';
}

export function createParser(syntax: MarcSyntax, opts: ReaderOptions = {}): MarcChunkParser {
  switch (syntax) {
    case 'iso2709':
      return new Iso2709Parser(opts);
    case 'marcxml':
      return new MarcXmlParser(opts);
    case 'mij':
      return new MijParser(opts);
  }
}

function unrecognised(head: Uint8Array, offset: number): ReadItem {
  const i = firstSignificant(head);
  const sample = Buffer.from(head.subarray(i, i + 16)).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return {
    ok: false,
    index: 1,
    offset: offset + i,
    reason: `unrecognised file format (not ISO 2709, MARCXML or MARC-in-JSON): starts with "${sample}"`,
  };
}

/**
 * Streams a MARC file (ISO 2709, MARCXML or MARC-in-JSON, detected from its first bytes) without
 * loading it: memory stays around one chunk plus one record. Breaking out of the loop closes the file.
 */
export async function* readMarcFile(path: string, opts: ReadMarcFileOptions = {}): AsyncGenerator<ReadItem> {
  const { signal, onProgress } = opts;
  const chunkSize = opts.chunkSize ?? 1024 * 1024;
  signal?.throwIfAborted();
  const fh = await open(path, 'r');
  try {
    const total = (await fh.stat()).size;
    let pos = 0;
    let parser: MarcChunkParser | null = null;
    // Bytes read before the syntax is known (a few, unless the file starts with whitespace).
    let head: Buffer | null = null;
    let headAt = 0;
    for (;;) {
      signal?.throwIfAborted();
      // A fresh buffer per read: parsers keep references to unconsumed input.
      const chunk = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await fh.read(chunk, 0, chunkSize, pos);
      if (bytesRead === 0) break;
      let data = chunk.subarray(0, bytesRead);
      pos += bytesRead;
      onProgress?.(pos, total);
      if (!parser) {
        data = head ? Buffer.concat([head, data]) : data;
        const start = firstSignificant(data);
        const syntax = opts.syntax ?? detectSyntax(data);
        if (!syntax) {
          if (start >= data.length) {
            // only whitespace so far: drop it (keeping a possible BOM is not needed once past it)
            headAt += data.length;
            head = null;
            continue;
          }
          if (data.length - start < 5) {
            head = data; // not enough to decide
            continue;
          }
          yield unrecognised(data, headAt);
          return;
        }
        parser = createParser(syntax, { maxRecordBytes: opts.maxRecordBytes, startOffset: headAt });
        head = null;
      }
      parser.feed(data);
      yield* parser.drain();
      if (parser.stopped) break;
    }
    if (parser) yield* parser.finish();
    else if (head) yield unrecognised(head, headAt);
  } finally {
    await fh.close();
  }
}

/** Reads MARC records from memory (tests, small uploads). Detects the syntax unless given. */
export function* readMarcBuffer(buf: Uint8Array, syntax?: MarcSyntax): Generator<ReadItem> {
  const all = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const s = syntax ?? detectSyntax(all);
  if (!s) {
    if (firstSignificant(all) < all.length) yield unrecognised(all, 0);
    return;
  }
  const parser = createParser(s);
  const step = 1024 * 1024;
  for (let at = 0; at < all.length && !parser.stopped; at += step) {
    parser.feed(all.subarray(at, Math.min(at + step, all.length)));
    yield* parser.drain();
  }
  yield* parser.finish();
}
