// The buffering shared by the chunked ISO 2709 and MARC-in-JSON readers: bytes are fed in chunks, the
// subclass reads from `buf` at `p` and reports offsets as `base + p` (absolute in the file).
import type { MarcChunkParser, ReadItem } from './readers.js';

export abstract class BufferedChunkParser implements MarcChunkParser {
  protected buf: Buffer = Buffer.alloc(0);
  /** absolute file offset of buf[0] */
  protected base: number;
  /** next unread byte in buf */
  protected p = 0;
  readonly stopped: boolean = false;

  constructor(startOffset = 0) {
    this.base = startOffset;
  }

  /** The next complete item, or null when more input is needed (or, at end of input, when none is left). */
  protected abstract next(eof: boolean): ReadItem | null;

  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.p >= this.buf.length) {
      this.base += this.buf.length;
      this.buf = chunk;
    } else {
      const rest = this.buf.subarray(this.p);
      this.base += this.p;
      this.buf = Buffer.concat([rest, chunk]);
    }
    this.p = 0;
  }

  *drain(): Generator<ReadItem> {
    for (let item = this.next(false); item; item = this.next(false)) yield item;
  }

  *finish(): Generator<ReadItem> {
    for (let item = this.next(true); item; item = this.next(true)) yield item;
  }
}
