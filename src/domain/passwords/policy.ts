// Password policies (DESIGN.md 5): pure rules. A check returns every unmet rule, each with a stable code and
// a message key (src/domain/account-messages.ts has the French and English texts), so that the page can show
// each unmet rule next to the field and the API can return the same list.

export type PasswordRuleCode =
  | 'PASSWORD_TOO_SHORT'
  | 'PASSWORD_TOO_LONG'
  | 'PASSWORD_NEEDS_LETTER'
  | 'PASSWORD_NEEDS_UPPERCASE'
  | 'PASSWORD_NEEDS_LOWERCASE'
  | 'PASSWORD_NEEDS_DIGIT'
  | 'PASSWORD_NEEDS_SPECIAL';

export interface PasswordRule {
  code: PasswordRuleCode;
  /** key in ACCOUNT_MESSAGES */
  messageKey: string;
  /** values for the message's placeholders ({min}, {max}) */
  params: Record<string, number>;
}

export interface PasswordPolicy {
  id: PasswordPolicyId;
  minLength: number;
  /** argon2 would hash a megabyte happily, but a bounded length keeps a request's cost bounded */
  maxLength: number;
  letter: boolean;
  upper: boolean;
  lower: boolean;
  digit: boolean;
  special: boolean;
}

/**
 * The two reader policies seen in French networks, and the staff one:
 * - 'letter-digit-special' (readers' default): at least 8 characters with a letter, a digit and a special character;
 * - 'upper-lower-digit-special': at least 8 characters with an upper-case and a lower-case letter, a digit and a special character;
 * - 'staff': at least 12 characters with upper case, lower case, a digit and a special character.
 */
export type PasswordPolicyId = 'letter-digit-special' | 'upper-lower-digit-special' | 'staff';

export const PASSWORD_POLICIES: Readonly<Record<PasswordPolicyId, PasswordPolicy>> = {
  'letter-digit-special': { id: 'letter-digit-special', minLength: 8, maxLength: 128, letter: true, upper: false, lower: false, digit: true, special: true },
  'upper-lower-digit-special': { id: 'upper-lower-digit-special', minLength: 8, maxLength: 128, letter: false, upper: true, lower: true, digit: true, special: true },
  staff: { id: 'staff', minLength: 12, maxLength: 128, letter: false, upper: true, lower: true, digit: true, special: true },
};

export function isPasswordPolicyId(v: unknown): v is PasswordPolicyId {
  return typeof v === 'string' && Object.hasOwn(PASSWORD_POLICIES, v);
}

/** Characters counted, not UTF-16 code units: "é" or an emoji is one character. */
function length(password: string): number {
  return [...password].length;
}

// Unicode classes: "é" is a letter (and lower case), "É" upper case, "٣" a digit. A special character is
// anything else that is visible: punctuation, symbols, emoji. Spaces are allowed but do not count.
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{Nd}/u;
const SPECIAL = /[^\p{L}\p{N}\s]/u;

/** Every rule of the policy, in the order a page lists them next to the field. */
export function policyRules(policy: PasswordPolicy): PasswordRule[] {
  const rules: PasswordRule[] = [{ code: 'PASSWORD_TOO_SHORT', messageKey: 'password.tooShort', params: { min: policy.minLength } }];
  if (policy.letter) rules.push({ code: 'PASSWORD_NEEDS_LETTER', messageKey: 'password.needsLetter', params: {} });
  if (policy.upper) rules.push({ code: 'PASSWORD_NEEDS_UPPERCASE', messageKey: 'password.needsUppercase', params: {} });
  if (policy.lower) rules.push({ code: 'PASSWORD_NEEDS_LOWERCASE', messageKey: 'password.needsLowercase', params: {} });
  if (policy.digit) rules.push({ code: 'PASSWORD_NEEDS_DIGIT', messageKey: 'password.needsDigit', params: {} });
  if (policy.special) rules.push({ code: 'PASSWORD_NEEDS_SPECIAL', messageKey: 'password.needsSpecial', params: {} });
  return rules;
}

/** The unmet rules of `policy` for `password` (empty: the password is acceptable). */
export function checkPasswordPolicy(policy: PasswordPolicy, password: string): PasswordRule[] {
  const unmet: PasswordRule[] = [];
  const n = length(password);
  for (const rule of policyRules(policy)) {
    const ok =
      rule.code === 'PASSWORD_TOO_SHORT' ? n >= policy.minLength
      : rule.code === 'PASSWORD_NEEDS_LETTER' ? LETTER.test(password)
      : rule.code === 'PASSWORD_NEEDS_UPPERCASE' ? UPPER.test(password)
      : rule.code === 'PASSWORD_NEEDS_LOWERCASE' ? LOWER.test(password)
      : rule.code === 'PASSWORD_NEEDS_DIGIT' ? DIGIT.test(password)
      : SPECIAL.test(password);
    if (!ok) unmet.push(rule);
  }
  if (n > policy.maxLength) unmet.push({ code: 'PASSWORD_TOO_LONG', messageKey: 'password.tooLong', params: { max: policy.maxLength } });
  return unmet;
}
