import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPasswordPolicy, PASSWORD_POLICIES, policyRules } from './policy.js';
import { initialPassword } from './initial-password.js';
import { checkNewPassword } from './password-change.js';
import { accountMessage } from '../account-messages.js';

const codes = (policy: keyof typeof PASSWORD_POLICIES, pw: string) => checkPasswordPolicy(PASSWORD_POLICIES[policy], pw).map((r) => r.code);

describe('password policy "letter-digit-special" (readers, default)', () => {
  const cases: Array<[string, string[]]> = [
    ['Lecture-2024!', []],
    ['lecture-2024', []],
    ['écoute 2024 !', []],
    ['1987', ['PASSWORD_TOO_SHORT', 'PASSWORD_NEEDS_LETTER', 'PASSWORD_NEEDS_SPECIAL']],
    ['05111987', ['PASSWORD_NEEDS_LETTER', 'PASSWORD_NEEDS_SPECIAL']],
    ['lecture2024', ['PASSWORD_NEEDS_SPECIAL']],
    ['lecture-deux', ['PASSWORD_NEEDS_DIGIT']],
    ['a-1', ['PASSWORD_TOO_SHORT']],
    ['12345678!', ['PASSWORD_NEEDS_LETTER']],
    ['', ['PASSWORD_TOO_SHORT', 'PASSWORD_NEEDS_LETTER', 'PASSWORD_NEEDS_DIGIT', 'PASSWORD_NEEDS_SPECIAL']],
    ['a1!' + 'x'.repeat(200), ['PASSWORD_TOO_LONG']],
  ];
  for (const [pw, expected] of cases) it(`"${pw.slice(0, 20)}" -> ${expected.join(', ') || 'accepted'}`, () => assert.deepEqual(codes('letter-digit-special', pw), expected));
  it('counts characters, not UTF-16 units: "é1!😀" is 4 characters', () => {
    assert.deepEqual(codes('letter-digit-special', 'é1!😀'), ['PASSWORD_TOO_SHORT']);
    assert.deepEqual(codes('letter-digit-special', 'é1!😀😀😀😀😀'), []);
  });
});

describe('password policy "upper-lower-digit-special"', () => {
  const cases: Array<[string, string[]]> = [
    ['Lecture-2024!', []],
    ['lecture-2024!', ['PASSWORD_NEEDS_UPPERCASE']],
    ['LECTURE-2024!', ['PASSWORD_NEEDS_LOWERCASE']],
    ['Élodie-2024', []],
    ['Lecture2024', ['PASSWORD_NEEDS_SPECIAL']],
    ['Lect-20', ['PASSWORD_TOO_SHORT']],
  ];
  for (const [pw, expected] of cases) it(`"${pw}" -> ${expected.join(', ') || 'accepted'}`, () => assert.deepEqual(codes('upper-lower-digit-special', pw), expected));
});

describe('staff password policy (stronger)', () => {
  it('asks for 12 characters with upper and lower case, a digit and a special character', () => {
    assert.deepEqual(codes('staff', 'Colophon-Biblio-2024!'), []);
    assert.deepEqual(codes('staff', 'Lecture-2024'), []);
    assert.deepEqual(codes('staff', 'Lecture-24!'), ['PASSWORD_TOO_SHORT']);
    assert.deepEqual(codes('staff', 'lecture-2024!'), ['PASSWORD_NEEDS_UPPERCASE']);
  });
  it('lists every rule of a policy with a message in French and English', () => {
    const rules = policyRules(PASSWORD_POLICIES.staff);
    assert.deepEqual(rules.map((r) => r.code), ['PASSWORD_TOO_SHORT', 'PASSWORD_NEEDS_UPPERCASE', 'PASSWORD_NEEDS_LOWERCASE', 'PASSWORD_NEEDS_DIGIT', 'PASSWORD_NEEDS_SPECIAL']);
    assert.equal(accountMessage(rules[0]!.messageKey, 'fr', rules[0]!.params), 'Au moins 12 caractères');
    assert.equal(accountMessage(rules[0]!.messageKey, 'en', rules[0]!.params), 'At least 12 characters');
    for (const r of rules) assert.notEqual(accountMessage(r.messageKey, 'fr', r.params), r.messageKey, `a French text for ${r.messageKey}`);
  });
});

describe('initial password', () => {
  const cases: Array<['birth-year' | 'birth-date', string | null, string | null]> = [
    ['birth-year', '1987-11-05', '1987'],
    ['birth-date', '1987-11-05', '05111987'],
    ['birth-date', '2001-01-09', '09012001'],
    ['birth-year', null, null],
    ['birth-date', '05/11/1987', null],
  ];
  for (const [rule, birth, expected] of cases) it(`${rule} of ${birth} is ${expected}`, () => assert.equal(initialPassword(rule, birth), expected));
});

describe('choosing a new password', () => {
  const policy = PASSWORD_POLICIES['letter-digit-special'];
  it('reports each failing reason by field', () => {
    const errors = checkNewPassword({ policy, current: '', password: 'abc', confirmation: 'abd' });
    assert.deepEqual(
      errors.map((e) => `${e.field}:${e.code}`),
      ['current:CURRENT_PASSWORD_REQUIRED', 'password:PASSWORD_TOO_SHORT', 'password:PASSWORD_NEEDS_DIGIT', 'password:PASSWORD_NEEDS_SPECIAL', 'confirmation:PASSWORD_CONFIRMATION_MISMATCH'],
    );
  });
  it('refuses the current password as the new one', () => {
    const errors = checkNewPassword({ policy, current: 'Lecture-2024!', password: 'Lecture-2024!', confirmation: 'Lecture-2024!' });
    assert.deepEqual(errors.map((e) => e.code), ['PASSWORD_SAME_AS_CURRENT']);
  });
  it('accepts a good password typed twice, with no current password on the reset-link path', () => {
    assert.deepEqual(checkNewPassword({ policy, password: 'Nouveau-mot-2!', confirmation: 'Nouveau-mot-2!' }), []);
  });
});
