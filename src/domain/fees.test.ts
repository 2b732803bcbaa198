import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatEuros, parseEuros, validateFee, validatePayment } from './fees.js';

describe('amounts', () => {
  const cases: Array<[string | number, number | null]> = [
    ['12,50', 1250], ['12.5', 1250], ['12', 1200], ['12,50 €', 1250], ['1 200,00', 120000], ['0,05', 5], ['-3', -300], ['-0,50', -50], ['12,505', null], ['douze', null], [4.2, 420],
  ];
  for (const [input, cents] of cases) it(`"${input}" -> ${cents}`, () => assert.equal(parseEuros(input), cents));
  it('formats cents in French and English', () => {
    assert.equal(formatEuros(1250, 'fr').replace(/\s/g, ' '), '12,50 €');
    assert.equal(formatEuros(1250, 'en'), '€12.50');
  });
});

describe('fees and payments', () => {
  it('accepts a card replacement fee', () => {
    assert.deepEqual(validateFee({ reason: 'CARD_REPLACEMENT', amount: '3,00' }), { ok: true, value: { reason: 'CARD_REPLACEMENT', label: null, amountCents: 300 } });
  });
  it('reports every problem of a fee', () => {
    const r = validateFee({ reason: 'OTHER', amount: '-2' });
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.code), ['LABEL_REQUIRED', 'AMOUNT_NOT_POSITIVE']);
    const bad = validateFee({ reason: 'FINE', amount: 'x' });
    assert.deepEqual(bad.ok ? [] : bad.errors.map((e) => e.code), ['FEE_REASON_INVALID', 'AMOUNT_INVALID']);
  });
  it('refuses a payment above the balance, and any payment on a paid fee', () => {
    const over = validatePayment({ amount: '10', method: 'cash' }, { amountCents: 1500, paidCents: 700 });
    assert.deepEqual(over.ok ? [] : over.errors.map((e) => e.code), ['PAYMENT_EXCEEDS_BALANCE']);
    const paid = validatePayment({ amount: '1', method: 'cash' }, { amountCents: 1500, paidCents: 1500 });
    assert.deepEqual(paid.ok ? [] : paid.errors.map((e) => e.code), ['FEE_ALREADY_PAID']);
    assert.deepEqual(validatePayment({ amount: '8', method: 'card' }, { amountCents: 1500, paidCents: 700 }), { ok: true, value: { amountCents: 800, method: 'card' } });
  });
});
