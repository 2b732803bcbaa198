import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testEngines } from '../../test/helpers/db.js';
import { captchaAnswer } from '../../test/helpers/captcha.js';
import { testClock } from '../../test/helpers/accounts.js';
import { CAPTCHA_ALPHABET, CAPTCHA_POW_SCRIPT, CaptchaService, powZeroBits, renderCaptchaSvg } from './captcha.js';

const ENGINES = await testEngines();

/** Runs the browser script in Node and returns its solver, as a browser would use it. */
function browserSolver(): { solve(challenge: string, difficulty: number, from: number, count: number): number; firstWord(s: string): number } {
  const g = globalThis as unknown as { colophonPow?: ReturnType<typeof browserSolver> };
  new Function(CAPTCHA_POW_SCRIPT)();
  const api = g.colophonPow!;
  delete g.colophonPow;
  return api;
}

describe('CAPTCHA image', () => {
  it('draws the characters as paths only: the SVG does not contain them as text', () => {
    const svg = renderCaptchaSvg('K7P2QX', 42, { title: 'Code de sécurité à recopier' });
    assert.match(svg, /^<svg [^>]*role="img"/);
    assert.doesNotMatch(svg, /<text/);
    assert.doesNotMatch(svg.replace(/<title>.*<\/title>/, ''), /K7P2QX/);
    assert.equal(renderCaptchaSvg('K7P2QX', 42), renderCaptchaSvg('K7P2QX', 42), 'the same challenge draws the same image');
    assert.notEqual(renderCaptchaSvg('K7P2QX', 42), renderCaptchaSvg('K7P2QX', 43));
  });
  it('has a glyph for every character of the alphabet', () => {
    for (const ch of CAPTCHA_ALPHABET) assert.match(renderCaptchaSvg(ch, 1), /stroke-linecap="round"/, `glyph ${ch}`);
  });
});

describe('CAPTCHA proof-of-work (the accessible alternative)', () => {
  it("the browser script's SHA-256 agrees with Node's", () => {
    const { firstWord } = browserSolver();
    for (const s of ['', 'abc', 'f'.repeat(32) + ':123456', 'x'.repeat(55)]) {
      const expected = createHash('sha256').update(s, 'utf8').digest().readUInt32BE(0);
      assert.equal(firstWord(s), expected, `first word of sha256("${s.slice(0, 12)}...")`);
    }
  });
  it('the nonce the script finds passes the server check', () => {
    const { solve } = browserSolver();
    const nonce = solve('0123456789abcdef0123456789abcdef', 12, 0, 1_000_000);
    assert.ok(nonce >= 0, 'a nonce was found');
    assert.ok(powZeroBits('0123456789abcdef0123456789abcdef', String(nonce)) >= 12, 'enough zero bits');
  });
});


for (const engine of ENGINES) {
  describe(`CAPTCHA challenges (${engine.name})`, () => {
    it('accepts the typed characters (any case, spaces ignored) once', async () => {
      const t = await engine.create();
      try {
        const captcha = new CaptchaService({ db: t.db });
        const c = await captcha.create();
        const answer = await captchaAnswer(t.db, c.id);
        assert.match(answer, /^[A-Z2-9]{6}$/);
        assert.equal(await captcha.image(c.id), c.svg);
        const typed = `${answer.slice(0, 3).toLowerCase()} ${answer.slice(3)}`;
        assert.equal(await captcha.verify({ id: c.id, text: typed }), true);
        assert.equal(await captcha.verify({ id: c.id, text: answer }), false, 'single use');
        assert.equal(await captcha.image(c.id), null);
      } finally {
        await t.cleanup();
      }
    });

    it('is consumed by a wrong answer too (no second guess on the same image)', async () => {
      const t = await engine.create();
      try {
        const captcha = new CaptchaService({ db: t.db });
        const c = await captcha.create();
        const answer = await captchaAnswer(t.db, c.id);
        assert.equal(await captcha.verify({ id: c.id, text: 'WRONG1' }), false);
        assert.equal(await captcha.verify({ id: c.id, text: answer }), false);
        assert.equal(await captcha.verify({ id: 'no-such-challenge', text: answer }), false);
      } finally {
        await t.cleanup();
      }
    });

    it('accepts a proof-of-work nonce instead of the characters, and refuses a wrong one', async () => {
      const t = await engine.create();
      try {
        const captcha = new CaptchaService({ db: t.db, powDifficulty: 10 });
        const { solve } = browserSolver();
        const c = await captcha.create();
        assert.equal(c.powDifficulty, 10);
        const nonce = solve(c.powChallenge, c.powDifficulty, 0, 10_000_000);
        let wrong = 0;
        while (powZeroBits(c.powChallenge, String(wrong)) >= 10) wrong++;
        const d = await captcha.create();
        assert.equal(await captcha.verify({ id: d.id, powNonce: String(wrong) }), false);
        assert.equal(await captcha.verify({ id: c.id, powNonce: String(nonce) }), true);
      } finally {
        await t.cleanup();
      }
    });

    it('expires after 15 minutes', async () => {
      const t = await engine.create();
      try {
        const clock = testClock();
        const captcha = new CaptchaService({ db: t.db, now: clock.now });
        const c = await captcha.create();
        const answer = await captchaAnswer(t.db, c.id);
        clock.advance(15 * 60_000);
        assert.equal(await captcha.verify({ id: c.id, text: answer }), false);
      } finally {
        await t.cleanup();
      }
    });
  });
}
