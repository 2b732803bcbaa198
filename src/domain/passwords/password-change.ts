// Choosing a new password (first sign-in, "Modifier le mot de passe", reset link): every failing reason,
// each tied to the form field it belongs next to.
import { checkPasswordPolicy, type PasswordPolicy, type PasswordRuleCode } from './policy.js';

export type PasswordChangeField = 'current' | 'password' | 'confirmation';

export type PasswordChangeCode =
  | PasswordRuleCode
  | 'CURRENT_PASSWORD_REQUIRED'
  | 'CURRENT_PASSWORD_WRONG'
  | 'PASSWORD_CONFIRMATION_MISMATCH'
  | 'PASSWORD_SAME_AS_CURRENT';

export interface PasswordChangeError {
  field: PasswordChangeField;
  code: PasswordChangeCode;
  messageKey: string;
  params: Record<string, number>;
}

/**
 * Checks the new password and its confirmation against the policy. `current` is the old password the reader
 * typed (undefined on the reset-link path, which has none); whether it is right is the service's business
 * (it needs the hash), so that check is added by the service as CURRENT_PASSWORD_WRONG.
 */
export function checkNewPassword(input: { policy: PasswordPolicy; password: string; confirmation: string; current?: string }): PasswordChangeError[] {
  const errors: PasswordChangeError[] = [];
  if (input.current !== undefined && input.current === '') {
    errors.push({ field: 'current', code: 'CURRENT_PASSWORD_REQUIRED', messageKey: 'password.currentRequired', params: {} });
  }
  for (const r of checkPasswordPolicy(input.policy, input.password)) errors.push({ field: 'password', ...r });
  if (input.current && input.password === input.current) {
    errors.push({ field: 'password', code: 'PASSWORD_SAME_AS_CURRENT', messageKey: 'password.sameAsCurrent', params: {} });
  }
  if (input.password !== input.confirmation) {
    errors.push({ field: 'confirmation', code: 'PASSWORD_CONFIRMATION_MISMATCH', messageKey: 'password.confirmationMismatch', params: {} });
  }
  return errors;
}
