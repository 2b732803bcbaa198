// The plain-words French and English texts of every circulation code: pages, the desk, the API and the
// CLI read the same texts. {date} parameters are "yyyy-mm-dd" and are shown as dd/mm/yyyy.
import type { CirculationCode, Reason } from './rules.js';

type Texts = { fr: string; en: string };

export const CIRCULATION_MESSAGES: Readonly<Record<CirculationCode, Texts>> = {
  READER_BLOCKED: { fr: 'La carte est bloquée : adressez-vous à la bibliothèque.', en: 'The card is blocked: please ask at the library.' },
  MEMBERSHIP_EXPIRED: { fr: 'L’adhésion a pris fin le {date} : pensez à la renouveler.', en: 'The membership ended on {date}: please renew it.' },
  READER_SUSPENDED: { fr: 'Emprunts suspendus jusqu’au {date} (retards).', en: 'Borrowing is suspended until {date} (late returns).' },
  COPY_NOT_LOANABLE: { fr: 'Ce document se consulte sur place.', en: 'This item is for use in the library only.' },
  COPY_UNAVAILABLE: { fr: 'Cet exemplaire n’est pas disponible au prêt ({status}).', en: 'This copy cannot be borrowed ({status}).' },
  COPY_ON_LOAN: { fr: 'Cet exemplaire est déjà en prêt : enregistrez d’abord son retour.', en: 'This copy is already on loan: check it in first.' },
  COPY_ALREADY_BORROWED: { fr: 'Ce lecteur a déjà cet exemplaire en prêt.', en: 'This reader already has this copy on loan.' },
  COPY_HELD_FOR_OTHER: { fr: 'Cet exemplaire est réservé pour un autre lecteur.', en: 'This copy is held for another reader.' },
  MAX_LOANS_REACHED: { fr: 'Nombre maximum de prêts atteint ({max}).', en: 'Maximum number of loans reached ({max}).' },
  MAX_LOANS_OF_TYPE_REACHED: { fr: 'Nombre maximum de prêts de ce type atteint ({max}).', en: 'Maximum number of loans of this type reached ({max}).' },
  NOT_YOUR_LOAN: { fr: 'Ce prêt n’est pas le vôtre.', en: 'This loan is not yours.' },
  RENEWAL_NOT_ALLOWED: { fr: 'Les documents de ce type ne se prolongent pas.', en: 'Items of this type cannot be renewed.' },
  RENEWAL_LIMIT_REACHED: { fr: 'Déjà prolongé le nombre maximum de fois ({max}).', en: 'Already renewed the maximum number of times ({max}).' },
  LOAN_OVERDUE: { fr: 'Ce prêt est en retard (à rendre le {date}) : il ne peut plus être prolongé.', en: 'This loan is overdue (due {date}): it can no longer be renewed.' },
  OTHER_LOAN_OVERDUE: { fr: 'Un autre de vos prêts est en retard.', en: 'Another of your loans is overdue.' },
  HELD_BY_OTHER: { fr: 'Un autre lecteur a réservé ce document.', en: 'Another reader has placed a hold on this title.' },
  TOO_EARLY: { fr: 'Trop tôt : prolongation possible à partir du {date}.', en: 'Too early: renewal possible from {date}.' },
  DUE_DATE_NOT_LATER: {
    fr: 'La prolongation ne reculerait pas la date de retour (fin d’adhésion ou fermeture) : {date}.',
    en: 'Renewing would not move the due date later (membership end or closure): {date}.',
  },
  HOLDS_NOT_ALLOWED: { fr: 'Ce document ne peut pas être réservé.', en: 'This title cannot be reserved.' },
  NO_HOLDABLE_COPY: { fr: 'Aucun exemplaire ne peut être réservé pour le moment.', en: 'No copy can be reserved at the moment.' },
  COPY_AVAILABLE: {
    fr: 'Un exemplaire est disponible en rayon : empruntez-le directement à la bibliothèque.',
    en: 'A copy is on the shelf: borrow it directly at the library.',
  },
  MAX_HOLDS_REACHED: { fr: 'Vous avez atteint le nombre maximum de réservations ({max}).', en: 'You have reached the maximum number of holds ({max}).' },
  ALREADY_HOLDING: { fr: 'Vous avez déjà réservé ce document.', en: 'You already have a hold on this title.' },
  ALREADY_BORROWING: { fr: 'Vous avez déjà ce document en prêt.', en: 'You already have this title on loan.' },
  PICKUP_LIBRARY_INVALID: { fr: 'Choisissez une bibliothèque de retrait.', en: 'Choose a pickup library.' },
  HOLD_NOT_CANCELLABLE: {
    fr: 'Cette réservation ne peut plus être annulée en ligne : adressez-vous à la bibliothèque.',
    en: 'This hold can no longer be cancelled online: please ask at the library.',
  },
};

/** dd/mm/yyyy, in both languages (British English writes dates the same way). */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

export function circulationMessage(r: Pick<Reason, 'code' | 'params'>, lang: 'fr' | 'en'): string {
  const text = CIRCULATION_MESSAGES[r.code][lang];
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => {
    const v = r.params?.[k];
    if (v === undefined) return '';
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDay(v) : String(v);
  });
}
