// The initial password a network gives readers created by staff or imported from the old system
// (DESIGN.md 5): the four digits of the birth year, or the birth date as ddmmyyyy. The reader must replace
// it at first sign-in (readers.must_change_password = 1).

export type InitialPasswordRule = 'birth-year' | 'birth-date';

export const INITIAL_PASSWORD_RULES: readonly InitialPasswordRule[] = ['birth-year', 'birth-date'];

export function isInitialPasswordRule(v: unknown): v is InitialPasswordRule {
  return typeof v === 'string' && (INITIAL_PASSWORD_RULES as readonly string[]).includes(v);
}

/** The initial password for a birth date "yyyy-mm-dd", or null when the date is missing or malformed. */
export function initialPassword(rule: InitialPasswordRule, birthDate: string | null | undefined): string | null {
  const m = birthDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate) : null;
  if (!m) return null;
  const [, yyyy, mm, dd] = m;
  return rule === 'birth-year' ? yyyy! : `${dd}${mm}${yyyy}`;
}
