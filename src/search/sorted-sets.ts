// Operations on sorted, duplicate-free Int32Array doc-number lists (postings and intermediate results).

export const EMPTY: Int32Array = new Int32Array(0);

/** A growable Int32Array. */
export class IntVec {
  data: Int32Array;
  length = 0;
  constructor(capacity = 8) {
    this.data = new Int32Array(Math.max(1, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
  grow(min: number): void {
    let cap = this.data.length;
    while (cap < min) cap = Math.ceil(cap * 1.5) + 8;
    const next = new Int32Array(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
  /** A compact copy. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** First index i >= lo with a[i] >= x (galloping then binary search); a.length when none. */
export function gallop(a: Int32Array, x: number, lo: number): number {
  const n = a.length;
  if (lo >= n || a[lo]! >= x) return lo;
  let step = 1;
  let hi = lo + 1;
  while (hi < n && a[hi]! < x) {
    lo = hi;
    step <<= 1;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  // a[lo] < x, and a[hi] >= x or hi == n
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function contains(a: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length > b.length) [a, b] = [b, a];
  if (a.length === 0) return EMPTY;
  const out = new Int32Array(a.length);
  let n = 0;
  if (a.length * 8 < b.length) {
    let j = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      j = gallop(b, x, j);
      if (j === b.length) break;
      if (b[j] === x) out[n++] = x;
    }
  } else {
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      if (x === y) { out[n++] = x; i++; j++; } else if (x < y) i++; else j++;
    }
  }
  return n === out.length ? out : out.slice(0, n);
}

/** Intersection of several lists, smallest first. */
export function intersectAll(lists: Int32Array[]): Int32Array {
  if (lists.length === 0) return EMPTY;
  const sorted = [...lists].sort((x, y) => x.length - y.length);
  let acc = sorted[0]!;
  for (let i = 1; i < sorted.length && acc.length > 0; i++) acc = intersect(acc, sorted[i]!);
  return acc;
}

/** a minus b. */
export function difference(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length === 0 || b.length === 0) return a;
  const out = new Int32Array(a.length);
  let n = 0;
  if (b.length * 8 < a.length) {
    // few exclusions: copy runs between them
    let i = 0;
    for (let k = 0; k < b.length; k++) {
      const j = gallop(a, b[k]!, i);
      out.set(a.subarray(i, j), n);
      n += j - i;
      i = j < a.length && a[j] === b[k] ? j + 1 : j;
    }
    out.set(a.subarray(i), n);
    n += a.length - i;
  } else {
    let j = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      j = gallop(b, x, j);
      if (j === b.length || b[j] !== x) out[n++] = x;
    }
  }
  return n === out.length ? out : out.slice(0, n);
}

export function union2(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) { out[n++] = x; i++; j++; } else if (x < y) { out[n++] = x; i++; } else { out[n++] = y; j++; }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return n === out.length ? out : out.slice(0, n);
}

/**
 * Union of several lists over doc numbers < universe. Pairwise merges for small inputs; a bitset pass when
 * the lists are many or large (linear in the total size plus universe/32).
 */
export function unionAll(lists: Int32Array[], universe: number): Int32Array {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  let total = 0;
  for (const l of nonEmpty) total += l.length;
  // merging costs about the total size with a branch per element; the bitset pass about a third of it
  // plus universe/32 words, which wins once the lists are a sizeable share of the universe
  if (total * 16 < universe || (nonEmpty.length <= 2 && total * 4 < universe)) {
    let acc = nonEmpty[0]!;
    for (let i = 1; i < nonEmpty.length; i++) acc = union2(acc, nonEmpty[i]!);
    return acc;
  }
  const words = new Uint32Array((universe >>> 5) + 1);
  for (const l of nonEmpty) for (let i = 0; i < l.length; i++) { const d = l[i]!; words[d >>> 5]! |= 1 << (d & 31); }
  return bitsToList(words, Math.min(total, universe));
}

export function bitsToList(words: Uint32Array, maxCount: number): Int32Array {
  const out = new Int32Array(maxCount);
  let n = 0;
  for (let w = 0; w < words.length; w++) {
    let bits = words[w]!;
    while (bits !== 0) {
      const t = bits & -bits;
      out[n++] = (w << 5) + (31 - Math.clz32(t));
      bits ^= t;
    }
  }
  return n === out.length ? out : out.slice(0, n);
}

/** Sorted list keeping only the elements passing the predicate. */
export function filterList(a: Int32Array, keep: (d: number) => boolean): Int32Array {
  const out = new Int32Array(a.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) { const d = a[i]!; if (keep(d)) out[n++] = d; }
  return n === out.length ? out : out.slice(0, n);
}

/**
 * Bounded selection of the k best entries by (primary key, doc number): a binary heap whose root is the
 * worst kept entry. `higherIsBetter` chooses the direction of the primary key; the doc number always
 * prefers the smaller one (static-rank order).
 */
export class TopK {
  readonly keys: Float64Array;
  readonly docs: Int32Array;
  size = 0;
  constructor(readonly k: number, private readonly higherIsBetter: boolean) {
    this.keys = new Float64Array(Math.max(1, k));
    this.docs = new Int32Array(Math.max(1, k));
  }
  get full(): boolean {
    return this.size >= this.k;
  }
  /** key of the worst kept entry */
  get worstKey(): number {
    return this.keys[0]!;
  }
  get worstDoc(): number {
    return this.docs[0]!;
  }
  /** is (ka, da) better than (kb, db)? */
  better(ka: number, da: number, kb: number, db: number): boolean {
    if (ka !== kb) return this.higherIsBetter ? ka > kb : ka < kb;
    return da < db;
  }
  /** would (key, doc) enter the selection? */
  accepts(key: number, doc: number): boolean {
    return this.size < this.k || this.better(key, doc, this.keys[0]!, this.docs[0]!);
  }
  offer(key: number, doc: number): void {
    if (this.k <= 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.better(this.keys[p]!, this.docs[p]!, key, doc)) break; // parent worse than new: stop
        this.keys[i] = this.keys[p]!;
        this.docs[i] = this.docs[p]!;
        i = p;
      }
      this.keys[i] = key;
      this.docs[i] = doc;
      return;
    }
    if (!this.better(key, doc, this.keys[0]!, this.docs[0]!)) return;
    // replace the root (worst) and sift down
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let w = l;
      if (r < n && this.better(this.keys[l]!, this.docs[l]!, this.keys[r]!, this.docs[r]!)) w = r; // w = worse child
      if (!this.better(key, doc, this.keys[w]!, this.docs[w]!)) break; // the worse child is not worse than key
      this.keys[i] = this.keys[w]!;
      this.docs[i] = this.docs[w]!;
      i = w;
    }
    this.keys[i] = key;
    this.docs[i] = doc;
  }
  /** Kept docs, best first. */
  sorted(): Array<{ key: number; doc: number }> {
    const out: Array<{ key: number; doc: number }> = [];
    for (let i = 0; i < this.size; i++) out.push({ key: this.keys[i]!, doc: this.docs[i]! });
    out.sort((a, b) => (this.better(a.key, a.doc, b.key, b.doc) ? -1 : this.better(b.key, b.doc, a.key, a.doc) ? 1 : 0));
    return out;
  }
}

/** A growable Float64Array. */
export class FloatVec {
  data: Float64Array;
  length = 0;
  constructor(capacity = 8) {
    this.data = new Float64Array(Math.max(1, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(Math.ceil(this.data.length * 1.5) + 8);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Number of set bits of a 32-bit integer. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Sets the bits of the docs of a list. */
export function setBits(words: Uint32Array, list: Int32Array): void {
  for (let i = 0; i < list.length; i++) {
    const d = list[i]!;
    words[d >>> 5]! |= 1 << (d & 31);
  }
}

/** Clears the words touched by the docs of a list (cheaper than fill(0) for sparse lists). */
export function clearBits(words: Uint32Array, list: Int32Array): void {
  if (list.length * 4 > words.length) {
    words.fill(0);
    return;
  }
  for (let i = 0; i < list.length; i++) words[list[i]! >>> 5] = 0;
}
