import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate, validateContact, validateReaderFields } from './reader-fields.js';

describe('dates as libraries write them', () => {
  const cases: Array<[string, string | null]> = [
    ['1987-11-05', '1987-11-05'],
    ['05/11/1987', '1987-11-05'],
    ['5/11/1987', '1987-11-05'],
    ['05.11.1987', '1987-11-05'],
    ['05-11-1987', '1987-11-05'],
    ['31/02/1990', null],
    ['1990-13-01', null],
    ['11/05/87', null],
    ['', null],
  ];
  for (const [s, d] of cases) it(`"${s}" -> ${d}`, () => assert.equal(parseDate(s), d));
});

describe('reader fields', () => {
  const good = {
    cardNumber: '2900 1000 0001-7', lastName: ' Martin ', firstName: 'Camille', birthDate: '12/03/1984', email: 'Camille.Martin@Example.org',
    phone: '03 53 01 33 21', mobile: '+33639981234', categoryCode: 'adulte', homeLibraryCode: 'centrale', membershipExpires: '2027-01-31',
  };
  it('normalises a valid record', () => {
    const r = validateReaderFields(good, '2026-03-02');
    assert.deepEqual(r, {
      ok: true,
      value: {
        cardNumber: '2900100000017', lastName: 'Martin', firstName: 'Camille', birthDate: '1984-03-12', email: 'camille.martin@example.org',
        phone: '03 53 01 33 21', mobile: '06 39 98 12 34', categoryCode: 'ADULTE', homeLibraryCode: 'CENTRALE', membershipExpires: '2027-01-31', language: 'fr',
      },
    });
  });
  it('returns every error with its field and code', () => {
    const r = validateReaderFields({ cardNumber: '12', lastName: '', firstName: 'x'.repeat(101), birthDate: '31/02/1990', email: 'nope', phone: '12', mobile: '0353013321', categoryCode: '', homeLibraryCode: 'X', membershipExpires: 'soon', language: 'de' }, '2026-03-02');
    assert.equal(r.ok, false);
    assert.deepEqual(
      (r as { errors: Array<{ field: string; code: string }> }).errors.map((e) => `${e.field}:${e.code}`),
      ['cardNumber:CARD_NUMBER_INVALID', 'lastName:REQUIRED', 'firstName:TOO_LONG', 'birthDate:DATE_INVALID', 'email:EMAIL_INVALID', 'phone:PHONE_INVALID', 'mobile:MOBILE_NOT_MOBILE', 'categoryCode:REQUIRED', 'membershipExpires:DATE_INVALID', 'language:LANGUAGE_INVALID'],
    );
  });
  it('refuses a birth date in the future or before 1900', () => {
    const codes = (birthDate: string) => {
      const r = validateReaderFields({ ...good, birthDate }, '2026-03-02');
      return r.ok ? [] : r.errors.map((e) => e.code);
    };
    assert.deepEqual(codes('2026-03-03'), ['BIRTH_DATE_IN_FUTURE']);
    assert.deepEqual(codes('1899-12-31'), ['BIRTH_DATE_TOO_OLD']);
    assert.deepEqual(codes('2026-03-02'), []);
  });
  it('treats empty contact fields as none', () => {
    assert.deepEqual(validateContact({ email: ' ', phone: '', mobile: null }), { value: { email: null, phone: null, mobile: null }, errors: [] });
  });
});
