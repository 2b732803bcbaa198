// French and English texts of every code the account services return (password rules, sign-in answers,
// field errors, fees, authorisation). Pages, the API and the CLI read the same texts through accountMessage().

type Texts = { fr: string; en: string };

export const ACCOUNT_MESSAGES: Readonly<Record<string, Texts>> = {
  // password rules and changes
  'password.tooShort': { fr: 'Au moins {min} caractères', en: 'At least {min} characters' },
  'password.tooLong': { fr: 'Au plus {max} caractères', en: 'At most {max} characters' },
  'password.needsLetter': { fr: 'Au moins une lettre', en: 'At least one letter' },
  'password.needsUppercase': { fr: 'Au moins une lettre majuscule', en: 'At least one upper-case letter' },
  'password.needsLowercase': { fr: 'Au moins une lettre minuscule', en: 'At least one lower-case letter' },
  'password.needsDigit': { fr: 'Au moins un chiffre', en: 'At least one digit' },
  'password.needsSpecial': { fr: 'Au moins un caractère spécial (par exemple ! ? - _ @ #)', en: 'At least one special character (for example ! ? - _ @ #)' },
  'password.currentRequired': { fr: 'Saisissez votre mot de passe actuel', en: 'Enter your current password' },
  'password.currentWrong': { fr: 'Le mot de passe actuel est incorrect', en: 'The current password is wrong' },
  'password.sameAsCurrent': { fr: "Le nouveau mot de passe doit être différent de l'actuel", en: 'The new password must differ from the current one' },
  'password.confirmationMismatch': { fr: 'Les deux saisies du nouveau mot de passe sont différentes', en: 'The two entries of the new password differ' },
  'password.changed': { fr: 'Votre mot de passe a été modifié.', en: 'Your password has been changed.' },
  'password.mustChange': {
    fr: 'Pour continuer, remplacez le mot de passe qui vous a été donné par un mot de passe de votre choix.',
    en: 'To continue, replace the password you were given with one of your own.',
  },

  // sign-in
  'signIn.invalid': { fr: 'Identifiant ou mot de passe incorrect.', en: 'Wrong identifier or password.' },
  'signIn.throttledIdentifier': {
    fr: 'Trop de tentatives pour cet identifiant. Réessayez dans {seconds} secondes.',
    en: 'Too many attempts for this identifier. Try again in {seconds} seconds.',
  },
  'signIn.throttledAddress': {
    fr: 'Trop de tentatives depuis votre connexion. Réessayez dans {minutes} minutes.',
    en: 'Too many attempts from your connection. Try again in {minutes} minutes.',
  },

  // forgotten password, CAPTCHA
  'reset.requested': {
    fr: 'Si ces informations correspondent à un compte, un message vient d’être envoyé à cette adresse avec un lien valable une heure.',
    en: 'If these details match an account, a message has just been sent to that address with a link valid for one hour.',
  },
  'reset.tokenInvalid': {
    fr: 'Ce lien n’est plus valable (déjà utilisé ou expiré). Vous pouvez refaire une demande.',
    en: 'This link is no longer valid (already used or expired). You can ask again.',
  },
  'reset.done': { fr: 'Votre nouveau mot de passe est enregistré. Vous pouvez vous connecter.', en: 'Your new password is saved. You can sign in.' },
  'captcha.failed': { fr: 'La vérification anti-robot a échoué. Recommencez avec le nouveau code.', en: 'The anti-robot check failed. Try again with the new code.' },
  'captcha.imageLabel': { fr: 'Code de sécurité à recopier', en: 'Security code to type' },
  'captcha.powWorking': { fr: 'Vérification automatique en cours…', en: 'Automatic check in progress…' },
  'captcha.powDone': {
    fr: 'Vérification automatique terminée : vous pouvez valider sans recopier le code.',
    en: 'Automatic check done: you can submit without typing the code.',
  },

  // profile
  'email.confirmationSent': {
    fr: 'Un lien de confirmation a été envoyé à {email}. La nouvelle adresse sera utilisée une fois confirmée.',
    en: 'A confirmation link has been sent to {email}. The new address will be used once confirmed.',
  },
  'email.tokenInvalid': { fr: 'Ce lien de confirmation n’est plus valable.', en: 'This confirmation link is no longer valid.' },
  'email.confirmed': { fr: 'Votre nouvelle adresse électronique est enregistrée.', en: 'Your new email address is saved.' },
  'profile.saved': { fr: 'Vos coordonnées sont enregistrées.', en: 'Your contact details are saved.' },

  // reader fields
  'field.REQUIRED': { fr: 'Champ obligatoire', en: 'Required' },
  'field.CARD_NUMBER_INVALID': { fr: 'Numéro de carte invalide (4 à 20 lettres ou chiffres)', en: 'Invalid card number (4 to 20 letters or digits)' },
  'field.TOO_LONG': { fr: 'Trop long (100 caractères au plus)', en: 'Too long (100 characters at most)' },
  'field.DATE_INVALID': { fr: 'Date invalide (jj/mm/aaaa ou aaaa-mm-jj)', en: 'Invalid date (dd/mm/yyyy or yyyy-mm-dd)' },
  'field.BIRTH_DATE_IN_FUTURE': { fr: 'La date de naissance est dans le futur', en: 'The birth date is in the future' },
  'field.BIRTH_DATE_TOO_OLD': { fr: 'Date de naissance antérieure à 1900', en: 'Birth date before 1900' },
  'field.EMAIL_INVALID': { fr: 'Adresse électronique invalide', en: 'Invalid email address' },
  'field.PHONE_INVALID': { fr: 'Numéro de téléphone invalide', en: 'Invalid phone number' },
  'field.MOBILE_NOT_MOBILE': { fr: 'Ce numéro n’est pas un numéro de portable (06 ou 07)', en: 'Not a mobile number (06 or 07)' },
  'field.LANGUAGE_INVALID': { fr: 'Langue inconnue (fr ou en)', en: 'Unknown language (fr or en)' },
  'field.CARD_NUMBER_TAKEN': { fr: 'Ce numéro de carte est déjà attribué', en: 'This card number is already in use' },
  'field.CATEGORY_UNKNOWN': { fr: 'Catégorie de lecteur inconnue', en: 'Unknown reader category' },
  'field.HOME_LIBRARY_UNKNOWN': { fr: 'Bibliothèque inconnue', en: 'Unknown library' },
  'field.HOME_LIBRARY_NOT_YOURS': { fr: 'Cette bibliothèque n’est pas la vôtre', en: 'This library is not one of yours' },
  'field.CARD_NUMBER_REPEATED_IN_FILE': { fr: 'Numéro de carte déjà présent plus haut dans le fichier', en: 'Card number already given earlier in the file' },
  'field.BIRTH_DATE_MISSING': { fr: 'Sans date de naissance, pas de mot de passe initial', en: 'Without a birth date there is no initial password' },

  // field names (reports)
  'fieldName.cardNumber': { fr: 'numéro de carte', en: 'card number' },
  'fieldName.lastName': { fr: 'nom', en: 'last name' },
  'fieldName.firstName': { fr: 'prénom', en: 'first name' },
  'fieldName.birthDate': { fr: 'date de naissance', en: 'birth date' },
  'fieldName.email': { fr: 'adresse électronique', en: 'email' },
  'fieldName.phone': { fr: 'téléphone', en: 'phone' },
  'fieldName.mobile': { fr: 'portable', en: 'mobile' },
  'fieldName.categoryCode': { fr: 'catégorie', en: 'category' },
  'fieldName.homeLibraryCode': { fr: 'bibliothèque', en: 'home library' },
  'fieldName.membershipExpires': { fr: 'fin d’adhésion', en: 'membership expiry' },
  'fieldName.language': { fr: 'langue', en: 'language' },

  // fees
  'feeReason.CARD_REPLACEMENT': { fr: 'Remplacement de carte', en: 'Card replacement' },
  'feeReason.LOST_DOCUMENT': { fr: 'Document perdu', en: 'Lost document' },
  'feeReason.DAMAGED_DOCUMENT': { fr: 'Document abîmé', en: 'Damaged document' },
  'feeReason.OTHER': { fr: 'Autre', en: 'Other' },
  // added by circulation at check-in when the rule sets a fine per day late (never typed by staff)
  'feeReason.OVERDUE': { fr: 'Retard', en: 'Late return' },
  'fee.overdueLabel': { fr: 'Retard de {days} j : {title}', en: '{days} days late: {title}' },
  'fee.FEE_REASON_INVALID': { fr: 'Motif inconnu', en: 'Unknown reason' },
  'fee.AMOUNT_INVALID': { fr: 'Montant invalide (par exemple 12,50)', en: 'Invalid amount (for example 12.50)' },
  'fee.AMOUNT_NOT_POSITIVE': { fr: 'Le montant doit être positif', en: 'The amount must be positive' },
  'fee.AMOUNT_TOO_LARGE': { fr: 'Montant trop élevé', en: 'Amount too large' },
  'fee.LABEL_REQUIRED': { fr: 'Précisez le motif', en: 'Describe the reason' },
  'fee.LABEL_TOO_LONG': { fr: 'Libellé trop long (200 caractères au plus)', en: 'Label too long (200 characters at most)' },
  'fee.PAYMENT_METHOD_INVALID': { fr: 'Mode de paiement inconnu', en: 'Unknown payment method' },
  'fee.PAYMENT_EXCEEDS_BALANCE': { fr: 'Le paiement dépasse le montant restant dû', en: 'The payment exceeds the amount still owed' },
  'fee.FEE_ALREADY_PAID': { fr: 'Ce montant est déjà réglé', en: 'This fee is already paid' },
  'fee.FEE_NOT_FOUND': { fr: 'Montant dû introuvable pour ce lecteur', en: 'No such fee for this reader' },

  // authorisation
  'authz.SIGN_IN_REQUIRED': { fr: 'Connectez-vous pour accéder à cette page.', en: 'Sign in to open this page.' },
  'authz.PASSWORD_CHANGE_REQUIRED': { fr: 'Modifiez d’abord votre mot de passe.', en: 'Change your password first.' },
  'authz.FORBIDDEN': { fr: 'Vous n’avez pas accès à cette action.', en: 'You may not do this.' },
  'authz.NOT_FOUND': { fr: 'Introuvable.', en: 'Not found.' },
};

/** The text of `key` in `lang`, with {placeholders} filled in; the key itself when unknown (visible, never a crash). */
export function accountMessage(key: string, lang: 'fr' | 'en', params: Record<string, string | number> = {}): string {
  const t = ACCOUNT_MESSAGES[key];
  if (!t) return key;
  return t[lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
