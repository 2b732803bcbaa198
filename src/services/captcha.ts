// The CAPTCHA of the forgotten-password form, with no external service:
// - characters to type, drawn as an SVG image: each glyph is a set of strokes from a small built-in stroke
//   font, moved, rotated and jittered, over noise curves; the SVG holds paths only, never the characters;
// - an accessible alternative that needs no vision: a proof-of-work the browser computes with a small script
//   served as a file (CAPTCHA_POW_SCRIPT): find a nonce such that SHA-256("<challenge>:<nonce>") starts with
//   `difficulty` zero bits. A person using a screen reader just waits for "vérification terminée" and submits.
//   It costs a bot CPU time per attempt, as the image costs a person a glance. Without JavaScript, the
//   characters must be typed (or the reader asks the library, which can reset the password).
// A challenge is stored server-side (captchas table), expires after 15 minutes and is consumed by its first
// answer, right or wrong. Tests solve it with test/helpers/captcha.ts, which reads the stored answer from the
// database: that helper is not part of the application, so no request can reach it.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { AccountCaptchaRepository } from '../repositories/account-captcha.repository.js';
import { mulberry32 } from '../demo/demo-random.js';

/** No 0/O or 1/I: characters that look alike are left out. */
export const CAPTCHA_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CAPTCHA_LENGTH = 6;
export const CAPTCHA_TTL_MS = 15 * 60_000;
/** 2^18 SHA-256 on average: 0.3 s with the script below on this 2-core machine's V8 (500 000 hashes/s), a few seconds on an old phone. */
export const DEFAULT_POW_DIFFICULTY = 18;
/** Where the pages serve CAPTCHA_POW_SCRIPT (same origin: the Content-Security-Policy allows 'self' scripts). */
export const CAPTCHA_POW_SCRIPT_PATH = '/assets/captcha-pow.js';

export interface CaptchaChallenge {
  id: string;
  /** the image, to inline in the page or serve as image/svg+xml */
  svg: string;
  powChallenge: string;
  powDifficulty: number;
  expiresAt: string;
}

/** What the form sends back: the characters typed, or the nonce the script found (either is enough). */
export interface CaptchaAnswer {
  id: string;
  text?: string | null;
  powNonce?: string | null;
}

// ------------------------------------------------------------------------------------------------
// The stroke font: polylines on a 4 x 6 grid (x right, y down).
type Stroke = ReadonlyArray<readonly [number, number]>;
const GLYPHS: Readonly<Record<string, readonly Stroke[]>> = {
  A: [[[0, 6], [0, 2], [2, 0], [4, 2], [4, 6]], [[0, 3.5], [4, 3.5]]],
  B: [[[0, 0], [0, 6], [3, 6], [4, 5], [4, 4], [3, 3], [0, 3]], [[0, 0], [3, 0], [4, 1], [4, 2], [3, 3]]],
  C: [[[4, 1], [3, 0], [1, 0], [0, 1], [0, 5], [1, 6], [3, 6], [4, 5]]],
  D: [[[0, 0], [0, 6], [2, 6], [4, 4], [4, 2], [2, 0], [0, 0]]],
  E: [[[4, 0], [0, 0], [0, 6], [4, 6]], [[0, 3], [3, 3]]],
  F: [[[4, 0], [0, 0], [0, 6]], [[0, 3], [3, 3]]],
  G: [[[4, 1], [3, 0], [1, 0], [0, 1], [0, 5], [1, 6], [3, 6], [4, 5], [4, 3], [2, 3]]],
  H: [[[0, 0], [0, 6]], [[4, 0], [4, 6]], [[0, 3], [4, 3]]],
  J: [[[1, 0], [4, 0]], [[3, 0], [3, 5], [2, 6], [1, 6], [0, 5]]],
  K: [[[0, 0], [0, 6]], [[4, 0], [0, 4]], [[1, 3], [4, 6]]],
  L: [[[0, 0], [0, 6], [4, 6]]],
  M: [[[0, 6], [0, 0], [2, 3], [4, 0], [4, 6]]],
  N: [[[0, 6], [0, 0], [4, 6], [4, 0]]],
  P: [[[0, 6], [0, 0], [3, 0], [4, 1], [4, 2], [3, 3], [0, 3]]],
  Q: [[[1, 0], [3, 0], [4, 1], [4, 5], [3, 6], [1, 6], [0, 5], [0, 1], [1, 0]], [[2, 4], [4, 6.5]]],
  R: [[[0, 6], [0, 0], [3, 0], [4, 1], [4, 2], [3, 3], [0, 3]], [[2, 3], [4, 6]]],
  S: [[[4, 1], [3, 0], [1, 0], [0, 1], [0, 2], [1, 3], [3, 3], [4, 4], [4, 5], [3, 6], [1, 6], [0, 5]]],
  T: [[[0, 0], [4, 0]], [[2, 0], [2, 6]]],
  U: [[[0, 0], [0, 5], [1, 6], [3, 6], [4, 5], [4, 0]]],
  V: [[[0, 0], [2, 6], [4, 0]]],
  W: [[[0, 0], [1, 6], [2, 3], [3, 6], [4, 0]]],
  X: [[[0, 0], [4, 6]], [[4, 0], [0, 6]]],
  Y: [[[0, 0], [2, 3], [4, 0]], [[2, 3], [2, 6]]],
  Z: [[[0, 0], [4, 0], [0, 6], [4, 6]]],
  '2': [[[0, 1], [1, 0], [3, 0], [4, 1], [4, 2], [0, 6], [4, 6]]],
  '3': [[[0, 1], [1, 0], [3, 0], [4, 1], [4, 2], [3, 3], [1, 3]], [[3, 3], [4, 4], [4, 5], [3, 6], [1, 6], [0, 5]]],
  '4': [[[3, 6], [3, 0], [0, 4], [4, 4]]],
  '5': [[[4, 0], [0, 0], [0, 3], [3, 3], [4, 4], [4, 5], [3, 6], [1, 6], [0, 5]]],
  '6': [[[4, 1], [3, 0], [1, 0], [0, 1], [0, 5], [1, 6], [3, 6], [4, 5], [4, 4], [3, 3], [0, 3]]],
  '7': [[[0, 0], [4, 0], [1, 6]]],
  '8': [[[1, 3], [0, 2], [0, 1], [1, 0], [3, 0], [4, 1], [4, 2], [3, 3], [1, 3], [0, 4], [0, 5], [1, 6], [3, 6], [4, 5], [4, 4], [3, 3]]],
  '9': [[[4, 3], [1, 3], [0, 2], [0, 1], [1, 0], [3, 0], [4, 1], [4, 5], [3, 6], [1, 6], [0, 5]]],
};

/** mulberry32, as for the demo: the same challenge always draws the same image. */
const rng = mulberry32;

const f1 = (n: number) => n.toFixed(1);

/** Draws `text` (characters of CAPTCHA_ALPHABET) as paths; deterministic for a given seed. */
export function renderCaptchaSvg(text: string, seed: number, opts: { title?: string } = {}): string {
  const rand = rng(seed);
  const between = (a: number, b: number) => a + (b - a) * rand();
  const width = 40 + text.length * 30;
  const height = 80;
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) {
    // noise curves across the image, thinner than the glyphs
    const y0 = between(10, height - 10);
    const y1 = between(10, height - 10);
    parts.push(
      `<path d="M0 ${f1(y0)} C${f1(between(0, width))} ${f1(between(0, height))} ${f1(between(0, width))} ${f1(between(0, height))} ${width} ${f1(y1)}" stroke="#${['8a8a8a', '9a7f6b', '6b7f9a'][i % 3]}" stroke-width="${f1(between(1, 2))}" fill="none"/>`,
    );
  }
  [...text].forEach((ch, i) => {
    const glyph = GLYPHS[ch];
    if (!glyph) return;
    const scaleX = between(5.5, 7);
    const scaleY = between(7, 8.5);
    const angle = between(-0.35, 0.35);
    const cx = 30 + i * 30 + between(-3, 3);
    const cy = height / 2 + between(-6, 6);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const d = glyph
      .map((stroke) =>
        stroke
          .map(([gx, gy], k) => {
            const x = (gx - 2) * scaleX + between(-1.2, 1.2);
            const y = (gy - 3) * scaleY + between(-1.2, 1.2);
            return `${k === 0 ? 'M' : 'L'}${f1(cx + x * cos - y * sin)} ${f1(cy + x * sin + y * cos)}`;
          })
          .join(''),
      )
      .join('');
    const colour = ['1b2a4a', '2d1b4a', '4a1b2a', '1b4a2d'][Math.floor(rand() * 4)];
    parts.push(`<path d="${d}" stroke="#${colour}" stroke-width="${f1(between(2.6, 3.6))}" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`);
  });
  for (let i = 0; i < 40; i++) parts.push(`<circle cx="${f1(between(0, width))}" cy="${f1(between(0, height))}" r="${f1(between(0.5, 1.6))}" fill="#777"/>`);
  const title = opts.title ? `<title>${opts.title.replace(/[<&>]/g, '')}</title>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${title}<rect width="100%" height="100%" fill="#f4f1ea"/>${parts.join('')}</svg>`;
}

// ------------------------------------------------------------------------------------------------
// Proof of work.

/** Leading zero bits of SHA-256("<challenge>:<nonce>"), counted on the first 32 bits (difficulties stay below). */
export function powZeroBits(challenge: string, nonce: string): number {
  const digest = createHash('sha256').update(`${challenge}:${nonce}`, 'utf8').digest();
  return Math.clz32(digest.readUInt32BE(0));
}

/**
 * The browser side of the proof-of-work, served as a file at CAPTCHA_POW_SCRIPT_PATH. It looks for
 * `<input data-pow-challenge="..." data-pow-difficulty="18">`, finds the nonce in slices (the page stays
 * responsive), puts it in the input's value and writes the input's `data-pow-done` text into the element
 * `[data-pow-status]` of the same form (an aria-live region). Self-contained SHA-256 (one 64-byte block:
 * challenge and nonce are short ASCII), faster than crypto.subtle's one promise per hash.
 */
export const CAPTCHA_POW_SCRIPT = `(function () {
  'use strict';
  var K = [0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,
    0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,
    0x4a7484aa,0x5cb0a9dc,0x76f988da,0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
    0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,
    0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,
    0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2];
  var W = new Array(64);
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
  // First 32 bits of SHA-256 of an ASCII string of at most 55 characters (a single block).
  function firstWord(s) {
    var i;
    for (i = 0; i < 16; i++) W[i] = 0;
    for (i = 0; i < s.length; i++) W[i >> 2] |= (s.charCodeAt(i) & 0xff) << (24 - (i % 4) * 8);
    W[s.length >> 2] |= 0x80 << (24 - (s.length % 4) * 8);
    W[15] = s.length * 8;
    for (i = 16; i < 64; i++) {
      var a0 = W[i - 15], a1 = W[i - 2];
      var s0 = rotr(a0, 7) ^ rotr(a0, 18) ^ (a0 >>> 3);
      var s1 = rotr(a1, 17) ^ rotr(a1, 19) ^ (a1 >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    var a = 0x6a09e667, b = 0xbb67ae85, c = 0x3c6ef372, d = 0xa54ff53a, e = 0x510e527f, f = 0x9b05688c, g = 0x1f83d9ab, h = 0x5be0cd19;
    for (i = 0; i < 64; i++) {
      var t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    return (0x6a09e667 + a) >>> 0;
  }
  function solve(challenge, difficulty, from, count) {
    for (var n = from; n < from + count; n++) if (Math.clz32(firstWord(challenge + ':' + n)) >= difficulty) return n;
    return -1;
  }
  var api = { firstWord: firstWord, solve: solve };
  if (typeof globalThis !== 'undefined') globalThis.colophonPow = api;
  if (typeof document === 'undefined') return;
  function run(input) {
    var challenge = input.getAttribute('data-pow-challenge');
    var difficulty = Number(input.getAttribute('data-pow-difficulty'));
    var form = input.form;
    var status = form && form.querySelector('[data-pow-status]');
    var next = 0;
    function slice() {
      var found = solve(challenge, difficulty, next, 20000);
      if (found < 0) { next += 20000; setTimeout(slice, 0); return; }
      input.value = String(found);
      if (status) status.textContent = input.getAttribute('data-pow-done') || '';
    }
    setTimeout(slice, 0);
  }
  function start() {
    var inputs = document.querySelectorAll('input[data-pow-challenge]');
    for (var i = 0; i < inputs.length; i++) run(inputs[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;

// ------------------------------------------------------------------------------------------------

/** Upper-case, without spaces: "ab 3k" matches "AB3K". */
function normaliseAnswer(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export class CaptchaService {
  private readonly repo: AccountCaptchaRepository;
  private readonly now: () => Date;
  private readonly powDifficulty: number;

  constructor(deps: { db: Db; now?: () => Date; powDifficulty?: number }) {
    this.repo = new AccountCaptchaRepository(deps.db.kysely);
    this.now = deps.now ?? (() => new Date());
    this.powDifficulty = Math.min(Math.max(deps.powDifficulty ?? DEFAULT_POW_DIFFICULTY, 1), 30);
  }

  async create(opts: { title?: string } = {}): Promise<CaptchaChallenge> {
    const now = this.now();
    const answer = Array.from({ length: CAPTCHA_LENGTH }, () => CAPTCHA_ALPHABET[randomInt(CAPTCHA_ALPHABET.length)]).join('');
    const c = {
      id: randomBytes(18).toString('base64url'),
      answer,
      seed: randomInt(0, 2 ** 31 - 1),
      powChallenge: randomBytes(16).toString('hex'),
      powDifficulty: this.powDifficulty,
      expiresAt: new Date(now.getTime() + CAPTCHA_TTL_MS).toISOString(),
    };
    await this.repo.create({ ...c, createdAt: now.toISOString() });
    return { id: c.id, svg: renderCaptchaSvg(answer, c.seed, opts), powChallenge: c.powChallenge, powDifficulty: c.powDifficulty, expiresAt: c.expiresAt };
  }

  /** The image of a live challenge again (a page serving it at /captcha/<id>.svg), or null. */
  async image(id: string, opts: { title?: string } = {}): Promise<string | null> {
    const c = await this.repo.peek(String(id), this.now().toISOString());
    return c ? renderCaptchaSvg(c.answer, c.seed, opts) : null;
  }

  /** Consumes the challenge and says whether the typed characters or the proof-of-work nonce answer it. */
  async verify(answer: CaptchaAnswer): Promise<boolean> {
    if (typeof answer.id !== 'string' || !answer.id || answer.id.length > 64) return false;
    const c = await this.repo.consume(answer.id, this.now().toISOString());
    if (!c) return false;
    if (typeof answer.text === 'string' && answer.text && normaliseAnswer(answer.text) === c.answer) return true;
    const nonce = answer.powNonce;
    if (typeof nonce === 'string' && /^\d{1,15}$/.test(nonce) && powZeroBits(c.powChallenge, nonce) >= c.powDifficulty) return true;
    return false;
  }

  async purgeExpired(): Promise<void> {
    await this.repo.purge(this.now().toISOString());
  }
}
