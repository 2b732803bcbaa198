// The portal's menu categories ("Livres", "Musique", ...): each is a browsable scope defined by document
// types and/or audiences. The network may replace the mapping (setting "catalogue.scopes", same shape).
import type { Audience, DocumentType } from '../marc/model.js';

export interface Scope {
  code: string;
  label: { fr: string; en: string };
  /** records of one of these types (when given) ... */
  documentTypes?: DocumentType[];
  /** ... and for one of these audiences (when given) */
  audiences?: Audience[];
}

export const DEFAULT_SCOPES: readonly Scope[] = [
  { code: 'livres', label: { fr: 'Livres', en: 'Books' }, documentTypes: ['book', 'comic', 'audiobook'] },
  { code: 'musique', label: { fr: 'Musique', en: 'Music' }, documentTypes: ['music', 'score'] },
  { code: 'cinema', label: { fr: 'Cinéma', en: 'Films' }, documentTypes: ['film'] },
  { code: 'numerique', label: { fr: 'Numérique', en: 'Digital' }, documentTypes: ['ebook'] },
  { code: 'jeunesse', label: { fr: 'Jeunesse', en: 'Children' }, audiences: ['youth'] },
  { code: 'ados', label: { fr: 'Ados', en: 'Teens' }, audiences: ['teen'] },
  { code: 'patrimoine', label: { fr: 'Patrimoine', en: 'Heritage' }, documentTypes: ['manuscript', 'map', 'image'] },
];
