import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyIdentifier, isValidCardNumber, isValidEmail, normaliseCardNumber, normaliseEmail, normalisePhone, throttleAddress } from './identifiers.js';

describe('card numbers', () => {
  const cases: Array<[string, string]> = [
    ['2900100000017', '2900100000017'],
    [' 2900 1000 0001 7 ', '2900100000017'],
    ['2900-1000-0001.7', '2900100000017'],
    ['29001/000000/17', '2900100000017'],
    ['ab-123 456', 'AB123456'],
    ['２９００１', '29001'], // full-width digits from a Japanese keyboard layout
  ];
  for (const [typed, stored] of cases) {
    it(`reads "${typed}" as ${stored}`, () => assert.equal(normaliseCardNumber(typed), stored));
  }
  it('accepts 4 to 20 letters or digits', () => {
    assert.equal(isValidCardNumber('2900100000017'), true);
    assert.equal(isValidCardNumber('ABC'), false);
    assert.equal(isValidCardNumber('A'.repeat(21)), false);
  });
});

describe('identifiers typed at sign-in', () => {
  it('takes anything with an @ as an email address, lower-cased and trimmed', () => {
    assert.deepEqual(classifyIdentifier('  Camille.Martin@Example.ORG '), { kind: 'email', email: 'camille.martin@example.org' });
  });
  it('takes anything else as a card number, spaces and punctuation ignored', () => {
    assert.deepEqual(classifyIdentifier('2900 1000 0001-7'), { kind: 'card', cardNumber: '2900100000017' });
  });
  it('recognises an empty identifier', () => {
    assert.deepEqual(classifyIdentifier(' - '), { kind: 'empty' });
  });
});

describe('email addresses', () => {
  const valid = ['camille.martin@example.org', 'a+b@sub.example.fr', 'élodie@exemple.fr'];
  const invalid = ['camille', 'camille@', '@example.org', 'a b@example.org', 'a@example', 'a@@example.org', `${'a'.repeat(250)}@example.org`];
  for (const e of valid) it(`accepts ${e}`, () => assert.equal(isValidEmail(normaliseEmail(e)), true));
  for (const e of invalid) it(`refuses ${e.slice(0, 40)}`, () => assert.equal(isValidEmail(normaliseEmail(e)), false));
});

describe('phone numbers', () => {
  const cases: Array<[string, boolean, string | null, string?]> = [
    ['0353013321', false, '03 53 01 33 21'],
    ['03.53.01.33.21', false, '03 53 01 33 21'],
    ['+33 6 39 98 12 34', true, '06 39 98 12 34'],
    ['0033639981234', true, '06 39 98 12 34'],
    ['+44 20 7946 0958', false, '+442079460958'],
    ['0032 2 123 45 67', false, '+3221234567'],
    ['03 53 01 33 21', true, null, 'MOBILE_NOT_MOBILE'],
    ['12345', false, null, 'PHONE_INVALID'],
    ['06 39 98 12 3', true, null, 'PHONE_INVALID'],
    ['abc', false, null, 'PHONE_INVALID'],
  ];
  for (const [input, mobile, value, code] of cases) {
    it(`${mobile ? 'mobile' : 'phone'} "${input}" -> ${value ?? code}`, () => {
      const r = normalisePhone(input, { mobile });
      assert.deepEqual(r, value ? { ok: true, value } : { ok: false, code });
    });
  }
});

describe('addresses for throttling', () => {
  const cases: Array<[string, string]> = [
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:aaaa::1', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
  ];
  for (const [ip, key] of cases) it(`keys ${ip} as ${key}`, () => assert.equal(throttleAddress(ip), key));
});
