// Colophon's normalised bibliographic model: what the catalogue, search and circulation use.
// The original record is kept beside it (as MARC-in-JSON); these fields are derived by mapping.ts.

export type MarcFlavour = 'unimarc' | 'marc21';

/** What a record describes, derived from the leader (and a few fields). */
export type RecordKind = 'bibliographic' | 'authority' | 'holdings' | 'classification' | 'community' | 'unknown';

export const DOCUMENT_TYPES = [
  'book', // printed text (monograph)
  'comic', // bande dessinée, manga, graphic novel
  'periodical', // serial: magazine, newspaper, journal
  'score', // printed or manuscript music
  'music', // musical sound recording (CD, vinyl)
  'audiobook', // non-musical sound recording (livre lu)
  'film', // video recording (DVD, Blu-ray)
  'ebook', // electronic resource (e-book, online)
  'map', // cartographic material
  'image', // still image, photograph, poster
  'manuscript', // manuscript text (heritage)
  'game', // game, kit, object
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const AUDIENCES = ['adult', 'teen', 'youth', 'general'] as const;
/** youth = jeunesse (children), teen = ados; null when the record does not say. */
export type Audience = (typeof AUDIENCES)[number];

export interface Author {
  name: string; // "Hugo, Victor" (inverted when the record gives it so)
  role: string; // human-readable role in French: "Auteur", "Illustrateur", "Compositeur", ...
  roleCode: string | null; // relator code as found: UNIMARC 4-digit ("070") or MARC21 code ("ill")
}

export interface BibRecord {
  flavour: MarcFlavour;
  controlNumber: string | null; // 001, trimmed
  title: string; // never empty: "[Sans titre]" when the record has none
  /**
   * The title without its non-filing part ("Hobbit" for "The Hobbit" when the record marks "The " as
   * non-filing: MARC21 245 ind2, NSB/NSE control characters, ESC H/ESC I, <<...>>). Equal to `title`
   * when the record marks nothing. Optional so that hand-built BibRecords need not set it; mapping.ts
   * always does.
   */
  sortTitle?: string;
  subtitle: string | null;
  authors: Author[];
  subjects: string[];
  publisher: string | null;
  publicationPlace: string | null;
  year: number | null;
  language: string | null; // ISO 639-2/B code, lower case ("fre")
  isbns: string[]; // normalised: digits and X only, as found (10 or 13)
  issns: string[]; // normalised: NNNN-NNNN
  series: string[];
  documentType: DocumentType;
  audience: Audience | null;
  physicalDescription: string | null;
  notes: string[];
}

export const COPY_STATUSES = [
  'on_shelf',
  'on_loan',
  'in_transit',
  'on_hold_shelf',
  'in_processing',
  'not_for_loan',
  'lost',
  'withdrawn',
] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

/** A copy (exemplaire) as found in a holdings field of a bibliographic record. */
export interface CopySeed {
  barcode: string | null; // null when the field has none (the importer reports it)
  libraryCode: string; // where it is now / the owning library code as found in the record
  homeLibraryCode: string | null; // owning library when the record distinguishes it
  shelfLocation: string | null;
  callNumber: string | null;
  loanTypeCode: string | null; // item type / loan category code as found
  status: CopyStatus;
  sourceTag: string; // "995", "952", "852", "949", "999"
}
