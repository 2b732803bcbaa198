// MARC record -> Colophon's normalised model (model.ts), for UNIMARC and MARC21.
//
// Entry points (used by services/import.service.ts for every imported record):
// - detectFlavour(rec): UNIMARC or MARC21, from the content (a scored heuristic, see below).
// - recordKind(rec, flavour): bibliographic / authority / holdings / ... from the leader.
// - mapRecord(rec, flavour): the BibRecord (title, authors, subjects, imprint, identifiers, type, audience...).
// - extractCopies(rec, flavour): the copies found in holdings fields (995, 952, 852, 949, 999): holdings.ts.
//
// Field usage follows the Koha default frameworks (MARC21 and French UNIMARC) and BnF / Sudoc
// cataloguing practice; each rule cites its field and subfield. mapRecord runs once per imported
// record (tens of thousands a second), so every regular expression and table here is built once at
// load time and each record's fields are walked once.

import type { Audience, Author, BibRecord, DocumentType, MarcFlavour, RecordKind } from './model.js';
import { isControlField, type DataField, type MarcRecord } from './record.js';

export { extractCopies } from './holdings.js';

export const UNTITLED = '[Sans titre]';

// ---------------------------------------------------------------------------------------------
// Text clean-up shared by both flavours
// ---------------------------------------------------------------------------------------------

/**
 * Non-filing markers. UNIMARC (and MARC-8 MARC21) use the C1 controls NSB/NSE, U+0088/U+0089, around a
 * leading article ("\u0088Le \u0089petit prince"); Unicode MARC21 uses U+0098/U+009C (SOS/ST) for the same;
 * older French systems write ESC H / ESC I (the ISO 6630 escape forms); SBN/ISIS exports (the Italian and
 * Romanian files in shared/data) write "<<The >>sweetest fig". The markers go, the text stays.
 */
const MARKER_PRESENT = /[\u0088\u0089\u0098\u009c\u001b]|<</;
const MARKERS = /[\u0088\u0089\u0098\u009c]|\u001b[HI]?|<<|>>/g;
const NON_FILING_SEGMENT = /(?:\u0088|\u0098|\u001bH|<<)[^\u0089\u009c\u001b>]*(?:\u0089|\u009c|\u001bI|>>)/g;

/** Removes non-filing markers, keeping the text between them. */
export function stripMarkers(s: string): string {
  return MARKER_PRESENT.test(s) ? s.replace(MARKERS, '') : s;
}

/** The text without its marked non-filing part, or null when nothing is marked. */
function withoutNonFilingPart(s: string): string | null {
  if (!MARKER_PRESENT.test(s)) return null;
  const r = s.replace(NON_FILING_SEGMENT, '');
  return r === s ? null : stripMarkers(r);
}

/** ISBD separators left at either end of a subfield: " /", " :", " ;", " =", ",". */
function isSeparator(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x2c || c === 0x3d;
}

function trimSeparators(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSeparator(s.charCodeAt(start))) start++;
  while (end > start && isSeparator(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/**
 * Words whose final period is part of an abbreviation, so a closing period after them is kept
 * ("etc.", "J.-C.", "24 cm."). Single letters (initials: "Tolkien, J.R.R.", "p.") and tokens
 * holding a period already ("S.l.", "U.S.A.") are kept without being listed.
 */
const ABBREVIATIONS = new Set([
  'etc', 'al', 'cf', 'jr', 'sr', 'dr', 'mr', 'mrs', 'ms', 'st', 'ste', 'mgr', 'inc', 'ltd', 'co', 'cie', 'corp',
  'bros', 'ed', 'eds', 'éd', 'éds', 'dir', 'coord', 'trad', 'ill', 'illus', 'vol', 'vols', 'no', 'nos', 'nr', 'pp',
  'ca', 'cm', 'mm', 'fig', 'figs', 'pl', 'impr', 'réimpr', 'rev', 'enl', 'op', 'coll', 'env', 'av', 'apr', 'ibid',
  'anon', 'comp', 'arr', 'orch', 'publ', 'dept', 'univ', 'assoc', 'acad', 'soc', 'intern', 'min', 'sec', 'h', 'il',
  // US state abbreviations closing a place of publication ("Oakland, Calif.")
  'calif', 'mass', 'conn', 'wash', 'mich', 'minn', 'wis', 'fla', 'tex', 'ore', 'ariz', 'colo', 'tenn', 'okla',
  'kan', 'neb', 'nev', 'ala', 'penn', 'va', 'md', 'ky', 'ga', 'mo', 'pa', 'ind', 'vt', 'del', 'ark',
]);

function keepsFinalPeriod(s: string): boolean {
  // s ends with '.'; look at the word before it.
  const end = s.length - 1;
  let i = end;
  while (i > 0) {
    const c = s.charCodeAt(i - 1);
    if (c === 0x20 || c === 0x28 || c === 0x5b || c === 0xa0) break; // space ( [
    i--;
  }
  const token = s.slice(i, end);
  if (token.length === 0) return false;
  if (token.length === 1) return isLetterCode(token.charCodeAt(0));
  if (token.includes('.')) return true;
  return ABBREVIATIONS.has(token.toLowerCase());
}

function isLetterCode(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0xc0;
}

/**
 * Cleans a subfield for display: non-filing markers removed, ISBD separators trimmed from both ends
 * ("The hobbit :" -> "The hobbit", ", 1465-1927" -> "1465-1927"), and a closing period dropped
 * unless it ends an initial or an abbreviation ("Gallimard." -> "Gallimard", "Tolkien, J.R.R." kept,
 * "..." kept).
 */
export function cleanIsbd(raw: string): string {
  let s = trimSeparators(stripMarkers(raw));
  if (s.endsWith(' --')) s = trimSeparators(s.slice(0, -3)); // contents notes: "Chapter one --"
  if (s.length > 0 && s.charCodeAt(s.length - 1) === 0x2e && !s.endsWith('...') && !keepsFinalPeriod(s)) {
    s = trimSeparators(s.slice(0, -1));
  }
  return s;
}

/**
 * Imprint values: cleaned, brackets of supplied data removed ("[Paris]" -> "Paris"), and the
 * "unknown" conventions turned into null ("[S.l.]", "s.n.", "[publisher not identified]").
 */
const UNKNOWN_IMPRINT = new Set([
  'sl', 'sn', 'slsn', 'slnd', 'snt', 'sineloco', 'sinenomine', 'sanslieu', 'sansnom', 'sansediteur', 'sanséditeur',
  'lieudepublicationnonidentifié', 'lieudepublicationnonidentifie', 'éditeurnonidentifié', 'editeurnonidentifie',
  'placeofpublicationnotidentified', 'publishernotidentified', 'lieuinconnu', 'éditeurinconnu', 'editeurinconnu',
]);
const DOTS_AND_SPACES = /[.\s]+/g;

function cleanImprint(raw: string): string | null {
  let s = cleanIsbd(raw);
  const open = s.startsWith('[');
  const close = s.endsWith(']');
  if (open && close) s = s.slice(1, -1);
  else if (open && !s.includes(']')) s = s.slice(1);
  else if (close && !s.includes('[')) s = s.slice(0, -1);
  if (open || close) s = cleanIsbd(s);
  if (!s) return null;
  if (s.length <= 40 && UNKNOWN_IMPRINT.has(s.toLowerCase().replace(DOTS_AND_SPACES, ''))) return null;
  return s;
}

/**
 * ISBN as found, normalised: hyphens and spaces removed, qualifiers dropped ("2-07-036822-X (br.)" ->
 * "207036822X"), X upper case. Only 10- or 13-character ISBNs are returned; no conversion, no
 * checksum test (the record says what it says).
 */
export function normaliseIsbn(raw: string): string | null {
  const run = identifierRun(raw);
  if (run === null) return null;
  const joined = run.replace(DOTS_AND_SPACES, '');
  if (isIsbn(joined)) return joined;
  const first = run.trim().split(' ')[0] ?? '';
  return isIsbn(first) ? first : null;
}

function isIsbn(s: string): boolean {
  if (s.length === 13) {
    if (s.charCodeAt(0) !== 0x39 || s.charCodeAt(1) !== 0x37) return false; // 978 / 979
    for (let i = 0; i < 13; i++) if (!isDigit(s.charCodeAt(i))) return false;
    return true;
  }
  if (s.length === 10) {
    for (let i = 0; i < 9; i++) if (!isDigit(s.charCodeAt(i))) return false;
    const last = s.charCodeAt(9);
    return isDigit(last) || last === 0x58;
  }
  return false;
}

/** ISSN normalised to NNNN-NNNX, or null when the subfield does not hold one. */
export function normaliseIssn(raw: string): string | null {
  const run = identifierRun(raw);
  if (run === null) return null;
  const s = run.replace(DOTS_AND_SPACES, '');
  if (s.length !== 8) return null;
  for (let i = 0; i < 7; i++) if (!isDigit(s.charCodeAt(i))) return null;
  const last = s.charCodeAt(7);
  if (!isDigit(last) && last !== 0x58) return null;
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** From the first digit, the run of digits, X, hyphens and spaces (hyphens removed, X upper-cased). */
function identifierRun(raw: string): string | null {
  let i = 0;
  const n = raw.length;
  while (i < n && !isDigit(raw.charCodeAt(i))) i++;
  if (i === n) return null;
  let out = '';
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (isDigit(c)) out += raw[i];
    else if (c === 0x58 || c === 0x78) out += 'X';
    else if (c === 0x2d || c === 0x2010 || c === 0x2011) continue; // hyphens
    else if (c === 0x20 || c === 0xa0) out += ' ';
    else break;
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * The first four-digit number between 1000 and 2100 that is not part of a longer number:
 * "c1998." -> 1998, "[1875?]" -> 1875, "1900-1914" -> 1900, "19.." -> null.
 */
export function extractYear(s: string): number | null {
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(s.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && isDigit(s.charCodeAt(j))) j++;
    if (j - i === 4) {
      const y = Number(s.slice(i, j));
      if (y >= 1000 && y <= 2100) return y;
    }
    i = j;
  }
  return null;
}

/** Four digits at s[start..start+3] as a year in 1000..2100 (coded dates: 008/07-10, 100$a/9-12). */
function codedYear(s: string, start: number): number | null {
  if (s.length < start + 4) return null;
  for (let i = start; i < start + 4; i++) if (!isDigit(s.charCodeAt(i))) return null;
  const y = Number(s.slice(start, start + 4));
  return y >= 1000 && y <= 2100 ? y : null;
}

function firstSub(f: DataField, code: string): string | undefined {
  for (const s of f.subfields) if (s.code === code) return s.value;
  return undefined;
}

function pushUnique(list: string[], value: string | null | undefined): void {
  if (value && !list.includes(value)) list.push(value);
}

/** Notes with no letter at all ("2 14": local codes SirsiDynix leaves in 596) say nothing to a reader. */
function pushNote(list: string[], value: string): void {
  for (let i = 0; i < value.length; i++) {
    if (isLetterCode(value.charCodeAt(i))) {
      pushUnique(list, value);
      return;
    }
  }
}

/** Series titles are compared without case or trailing punctuation ("Folio ;" = "folio"). */
function pushSeries(list: string[], keys: Set<string>, raw: string | undefined): void {
  if (!raw) return;
  const v = cleanIsbd(raw);
  if (!v) return;
  const k = v.toLowerCase();
  if (keys.has(k)) return;
  keys.add(k);
  list.push(v);
}

function addAuthor(list: Author[], seen: Set<string>, name: string, role: string, roleCode: string | null): void {
  if (!name) return;
  const key = `${name}\u0000${role}`;
  if (seen.has(key)) return;
  seen.add(key);
  list.push({ name, role, roleCode });
}

function capitalise(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

// ---------------------------------------------------------------------------------------------
// Comics (bandes dessinées)
// ---------------------------------------------------------------------------------------------
//
// A text record is a comic when any of these says so (each is a deliberate, cheap signal):
// - UNIMARC 105$a/4-7 (form of contents) holds 't' "cartoons or comic strips";
//   MARC21 008/33 (literary form, books) is 'c' "comic strips", or 008/24-27 holds '6' "comics/graphic novels";
// - a genre / form heading says so: UNIMARC 608$a or a 600-607 form or topical subdivision ($j, $x),
//   610$a (uncontrolled terms, where public libraries put their genres); MARC21 655$a or a 6XX $v;
//   the terms are in COMIC_TERMS (RAMEAU "Bandes dessinées", "Mangas", LCSH "Comic books, strips, etc.",
//   LCGFT "Graphic novels"...). A topic heading $a "Bandes dessinées" (a book ABOUT comics) does not count;
// - the GMD UNIMARC 200$b says "bande dessinée";
// - Dewey 741.5 (UNIMARC 676$a, 686$a; MARC21 082$a): "comics, cartoons" (books about comics share it:
//   in a public library's collection these are few, and usually shelved with the comics anyway);
// - a call number that starts with BD / BDA / BDJ / MANGA (UNIMARC 995$k, 686$a local class, MARC21 952$o),
//   the way French public libraries label their comics shelves.
// Only a record that is otherwise a printed text ('book') becomes 'comic': a comics magazine stays
// 'periodical' and a comic on CD-ROM stays 'ebook'.

const COMIC_TERMS = new Set([
  'bandes dessinées', 'bande dessinée', 'bandes dessinees', 'bande dessinee', 'bd', 'mangas', 'manga',
  'romans graphiques', 'roman graphique', 'comics', 'comic books, strips, etc', 'comic books', 'comic strips',
  'graphic novels', 'graphic novel', 'comics (graphic works)', 'cartoons and comics', 'webcomics',
  'fumetti', 'historietas', 'bandes dessinées pour la jeunesse', 'bandes dessinées humoristiques',
]);

function isComicTerm(raw: string): boolean {
  return COMIC_TERMS.has(termKey(raw));
}

/** "BD", "BD ADO", "BD-J HER", "BDJ", "MANGA 12"; not "BDX" nor "Bdelloidea". */
export function isComicCallNumber(raw: string): boolean {
  const s = raw.trimStart();
  const up = s.slice(0, 6).toUpperCase();
  let len = 0;
  if (up.startsWith('MANGA')) len = up.startsWith('MANGAS') ? 6 : 5;
  else if (up.startsWith('BDA') || up.startsWith('BDJ')) len = 3;
  else if (up.startsWith('BD')) len = 2;
  else return false;
  if (s.slice(0, len) !== s.slice(0, len).toUpperCase()) return false; // call numbers are upper case
  return s.length === len || !isLetterCode(s.charCodeAt(len));
}

function isComicDewey(raw: string): boolean {
  return raw.trimStart().startsWith('741.5');
}

// ---------------------------------------------------------------------------------------------
// Relator codes and terms -> French role labels
// ---------------------------------------------------------------------------------------------

/** UNIMARC relator codes (UNIMARC Manual, Appendix C), French labels as the BnF uses them. */
const UNIMARC_ROLES = new Map<string, string>([
  ['005', 'Acteur'], ['010', 'Adaptateur'], ['018', "Auteur de l'animation"], ['020', 'Annotateur'],
  ['030', 'Arrangeur'], ['040', 'Artiste'], ['060', 'Nom associé'], ['070', 'Auteur'],
  ['072', 'Auteur de citations'], ['075', 'Postfacier'], ['080', 'Préfacier'], ['090', 'Dialoguiste'],
  ['100', 'Antécédent bibliographique'], ['110', 'Relieur'], ['130', 'Maquettiste'], ['140', 'Concepteur de la jaquette'],
  ['160', 'Libraire'], ['170', 'Calligraphe'], ['180', 'Cartographe'], ['190', 'Censeur'],
  ['195', 'Chef de chœur'], ['200', 'Chorégraphe'], ['205', 'Collaborateur'], ['210', 'Commentateur'],
  ['212', 'Commentateur de texte'], ['220', 'Compilateur'], ['230', 'Compositeur'], ['240', 'Compositeur typographique'],
  ['245', 'Concepteur'], ['250', "Chef d'orchestre"], ['255', 'Consultant'], ['257', 'Continuateur'],
  ['260', "Titulaire du droit d'auteur"], ['270', 'Correcteur'], ['273', "Commissaire d'exposition"],
  ['280', 'Dédicataire'], ['290', 'Dédicateur'], ['295', 'Organisme de soutenance'], ['300', 'Réalisateur'],
  ['305', 'Candidat'], ['310', 'Distributeur'], ['320', 'Donateur'], ['330', 'Auteur présumé'],
  ['340', 'Éditeur scientifique'], ['350', 'Graveur'], ['360', 'Aquafortiste'], ['365', 'Expert'],
  ['370', 'Monteur'], ['380', 'Faussaire'], ['390', 'Ancien possesseur'], ['400', 'Bailleur de fonds'],
  ['410', 'Technicien graphique'], ['420', 'Personne honorée'], ['430', 'Enlumineur'], ['440', 'Illustrateur'],
  ['450', "Auteur de l'envoi"], ['460', 'Personne interviewée'], ['470', 'Intervieweur'], ['475', 'Collectivité éditrice'],
  ['480', 'Librettiste'], ['510', 'Lithographe'], ['520', 'Parolier'], ['535', 'Mime'], ['545', 'Musicien'],
  ['550', 'Narrateur'], ['555', 'Opposant'], ['557', 'Organisateur de congrès'], ['560', 'Instigateur'],
  ['570', 'Autre'], ['580', 'Fabricant de papier'], ['590', 'Interprète'], ['595', 'Directeur de recherche'],
  ['600', 'Photographe'], ['605', 'Présentateur'], ['610', 'Imprimeur'], ['620', 'Imprimeur de gravures'],
  ['630', 'Producteur'], ['632', 'Directeur artistique'], ['633', 'Membre de la production'], ['635', 'Programmeur'],
  ['637', 'Chef de projet'], ['640', "Correcteur d'épreuves"], ['650', 'Éditeur commercial'],
  ['651', 'Directeur de publication'], ['655', 'Marionnettiste'], ['660', 'Destinataire de lettres'],
  ['670', 'Ingénieur du son'], ['673', "Chef d'équipe de recherche"], ['675', 'Critique'],
  ['677', "Membre d'équipe de recherche"], ['680', 'Rubricateur'], ['690', 'Scénariste'],
  ['695', 'Conseiller scientifique'], ['700', 'Copiste'], ['705', 'Sculpteur'], ['710', 'Secrétaire'],
  ['720', 'Signataire'], ['721', 'Chanteur'], ['723', 'Mécène'], ['725', 'Organisme de normalisation'],
  ['726', 'Cascadeur'], ['727', 'Directeur de thèse'], ['730', 'Traducteur'], ['740', 'Créateur de caractères'],
  ['750', 'Typographe'], ['753', 'Vendeur'], ['755', 'Chanteur'], ['760', 'Graveur sur bois'],
  ['770', "Auteur du matériel d'accompagnement"],
]);

/** MARC relator codes (id.loc.gov/vocabulary/relators), French labels consistent with the UNIMARC ones. */
const MARC21_ROLES = new Map<string, string>([
  ['aut', 'Auteur'], ['cre', 'Auteur'], ['ill', 'Illustrateur'], ['trl', 'Traducteur'], ['cmp', 'Compositeur'],
  ['prf', 'Interprète'], ['drt', 'Réalisateur'], ['fmd', 'Réalisateur'], ['edt', 'Éditeur scientifique'],
  ['edc', 'Éditeur scientifique'], ['pbd', 'Directeur de publication'], ['wpr', 'Préfacier'],
  ['aui', "Auteur de l'introduction"], ['win', "Auteur de l'introduction"], ['aft', 'Postfacier'],
  ['nrt', 'Narrateur'], ['pht', 'Photographe'], ['pro', 'Producteur'], ['lyr', 'Parolier'], ['lbt', 'Librettiste'],
  ['sng', 'Chanteur'], ['voc', 'Chanteur'], ['arr', 'Arrangeur'], ['act', 'Acteur'], ['cnd', "Chef d'orchestre"],
  ['ctb', 'Collaborateur'], ['art', 'Artiste'], ['ctg', 'Cartographe'], ['aus', 'Scénariste'], ['sce', 'Scénariste'],
  ['ths', 'Directeur de thèse'], ['ivr', 'Intervieweur'], ['ive', 'Personne interviewée'], ['clr', 'Coloriste'],
  ['itr', 'Instrumentiste'], ['mus', 'Musicien'], ['pbl', 'Éditeur commercial'], ['prt', 'Imprimeur'],
  ['fmo', 'Ancien possesseur'], ['own', 'Propriétaire'], ['dte', 'Dédicataire'], ['hnr', 'Personne honorée'],
  ['spk', 'Orateur'], ['stl', 'Conteur'], ['adp', 'Adaptateur'], ['anm', 'Animateur'],
  ['cng', 'Directeur de la photographie'], ['flm', 'Monteur'], ['isb', 'Collectivité éditrice'],
  ['his', 'Institution hôte'], ['orm', 'Organisateur'], ['spn', 'Mécène'], ['dgg', 'Organisme de soutenance'],
  ['cmm', 'Commentateur'], ['wac', 'Commentateur'], ['ann', 'Annotateur'], ['cll', 'Calligraphe'],
  ['dsr', 'Concepteur'], ['egr', 'Graveur'], ['etr', 'Aquafortiste'], ['cov', 'Concepteur de la couverture'],
  ['bkd', 'Maquettiste'], ['com', 'Compilateur'], ['dis', 'Candidat'], ['res', 'Chercheur'], ['rev', 'Critique'],
  ['scl', 'Sculpteur'], ['cur', "Commissaire d'exposition"], ['col', 'Collectionneur'], ['dnr', 'Donateur'],
  ['oth', 'Autre'], ['abr', 'Abréviateur'], ['aqt', 'Auteur de citations'], ['ato', "Auteur de l'envoi"],
  ['chr', 'Chorégraphe'], ['csl', 'Consultant'], ['dub', 'Auteur présumé'], ['fnd', 'Bailleur de fonds'],
  ['inv', 'Inventeur'], ['ppt', 'Marionnettiste'], ['prg', 'Programmeur'], ['rth', 'Directeur de recherche'],
  ['sad', 'Conseiller scientifique'], ['pdr', 'Chef de projet'], ['trc', 'Transcripteur'], ['tyg', 'Typographe'],
  ['wam', "Auteur du matériel d'accompagnement"], ['wat', 'Auteur de textes ajoutés'],
  ['wst', 'Auteur de texte complémentaire'], ['msd', 'Directeur musical'], ['mod', 'Modérateur'],
  ['hst', 'Animateur'], ['tch', 'Enseignant'], ['ilu', 'Enlumineur'], ['dnc', 'Danseur'], ['cst', 'Costumier'],
  ['pre', 'Présentateur'], ['rce', 'Ingénieur du son'], ['sds', 'Concepteur sonore'], ['cas', 'Cascadeur'],
]);

/** MARC21 $e relator terms (RDA, AACR2 abbreviations, and the French terms French libraries write) -> code. */
const MARC21_TERMS = new Map<string, string>([
  ['author', 'aut'], ['joint author', 'aut'], ['creator', 'cre'], ['illustrator', 'ill'], ['ill', 'ill'],
  ['illus', 'ill'], ['translator', 'trl'], ['tr', 'trl'], ['trans', 'trl'], ['composer', 'cmp'],
  ['performer', 'prf'], ['director', 'drt'], ['film director', 'fmd'], ['editor', 'edt'], ['ed', 'edt'],
  ['eds', 'edt'], ['editor of compilation', 'edc'], ['publishing director', 'pbd'], ['writer of preface', 'wpr'],
  ['writer of introduction', 'win'], ['author of introduction', 'aui'], ['author of introduction, etc', 'aui'],
  ['writer of afterword', 'aft'], ['author of afterword, colophon, etc', 'aft'], ['narrator', 'nrt'],
  ['photographer', 'pht'], ['producer', 'pro'], ['lyricist', 'lyr'], ['librettist', 'lbt'], ['singer', 'sng'],
  ['vocalist', 'sng'], ['arranger', 'arr'], ['arranger of music', 'arr'], ['actor', 'act'], ['conductor', 'cnd'],
  ['contributor', 'ctb'], ['artist', 'art'], ['cartographer', 'ctg'], ['screenwriter', 'aus'],
  ['author of screenplay', 'aus'], ['author of screenplay, etc', 'aus'], ['thesis advisor', 'ths'],
  ['interviewer', 'ivr'], ['interviewee', 'ive'], ['colorist', 'clr'], ['instrumentalist', 'itr'],
  ['musician', 'mus'], ['publisher', 'pbl'], ['printer', 'prt'], ['former owner', 'fmo'], ['dedicatee', 'dte'],
  ['honoree', 'hnr'], ['honouree', 'hnr'], ['speaker', 'spk'], ['storyteller', 'stl'], ['adapter', 'adp'],
  ['animator', 'anm'], ['cinematographer', 'cng'], ['director of photography', 'cng'], ['film editor', 'flm'],
  ['issuing body', 'isb'], ['host institution', 'his'], ['organizer', 'orm'], ['organiser', 'orm'],
  ['sponsor', 'spn'], ['degree granting institution', 'dgg'], ['commentator', 'cmm'], ['annotator', 'ann'],
  ['compiler', 'com'], ['calligrapher', 'cll'], ['designer', 'dsr'], ['engraver', 'egr'],
  ['cover designer', 'cov'], ['book designer', 'bkd'], ['choreographer', 'chr'], ['presenter', 'pre'],
  ['host', 'hst'], ['moderator', 'mod'], ['teacher', 'tch'], ['dancer', 'dnc'],
  // French terms and abbreviations ("trad.", "ill.", "préf.", "sous la dir. de" -> "dir.")
  ['auteur', 'aut'], ['illustrateur', 'ill'], ['illustratrice', 'ill'], ['traducteur', 'trl'],
  ['traductrice', 'trl'], ['trad', 'trl'], ['compositeur', 'cmp'], ['interprète', 'prf'], ['réalisateur', 'drt'],
  ['réal', 'drt'], ['éditeur scientifique', 'edt'], ['éd', 'edt'], ['directeur de publication', 'pbd'],
  ['dir', 'pbd'], ['préfacier', 'wpr'], ['préf', 'wpr'], ['postfacier', 'aft'], ['postf', 'aft'],
  ['scénariste', 'aus'], ['narrateur', 'nrt'], ['photographe', 'pht'], ['collaborateur', 'ctb'],
  ['collab', 'ctb'], ['adaptateur', 'adp'], ['adapt', 'adp'], ['arrangeur', 'arr'], ['coloriste', 'clr'],
  ['interpr', 'prf'], ['chanteur', 'sng'], ['parolier', 'lyr'], ['chef d\'orchestre', 'cnd'],
]);

function normaliseMarc21Code(raw: string): string {
  // "aut", "aut.", "[aut]", or a URI "http://id.loc.gov/vocabulary/relators/aut"
  let s = raw.trim();
  const slash = s.lastIndexOf('/');
  if (slash >= 0) s = s.slice(slash + 1);
  return trimSeparators(s.replace(BRACKETS_AND_PERIODS, '')).toLowerCase();
}
const BRACKETS_AND_PERIODS = /[[\].]/g;

function termKey(raw: string): string {
  return trimSeparators(stripMarkers(raw)).replace(TRAILING_PERIODS, '').toLowerCase();
}
const TRAILING_PERIODS = /\.+$/;

/** Role of a MARC21 name field from $4 (code) or $e ($j for x11 meetings), else the tag's default. */
function marc21Role(f: DataField, defaultRole: string): { role: string; roleCode: string | null } {
  let code: string | null = null;
  let term: string | undefined;
  const termCode = f.tag.endsWith('11') ? 'j' : 'e';
  for (const s of f.subfields) {
    if (s.code === '4' && code === null) {
      const c = normaliseMarc21Code(s.value);
      if (c) code = c;
    } else if (s.code === termCode && term === undefined) term = s.value;
  }
  if (code !== null) {
    const label = MARC21_ROLES.get(code);
    if (label) return { role: label, roleCode: code };
  }
  if (term !== undefined) {
    const key = termKey(term);
    if (key) {
      let fromTerm = MARC21_TERMS.get(key);
      if (fromTerm === undefined) {
        const comma = key.indexOf(',');
        if (comma > 0) fromTerm = MARC21_TERMS.get(key.slice(0, comma).trim());
      }
      if (fromTerm !== undefined) return { role: MARC21_ROLES.get(fromTerm)!, roleCode: code };
      return { role: capitalise(cleanIsbd(term)), roleCode: code };
    }
  }
  return { role: defaultRole, roleCode: code };
}

const ALL_DIGITS = /^\d+$/;

/** Role of a UNIMARC 7XX from $4 (3-digit code), else the tag's default. */
function unimarcRole(f: DataField, defaultRole: string): { role: string; roleCode: string | null } {
  const raw = firstSub(f, '4');
  if (raw === undefined) return { role: defaultRole, roleCode: null };
  const code = raw.trim();
  if (!code) return { role: defaultRole, roleCode: null };
  const padded = code.length < 3 && ALL_DIGITS.test(code) ? code.padStart(3, '0') : code;
  return { role: UNIMARC_ROLES.get(padded) ?? defaultRole, roleCode: code };
}

// ---------------------------------------------------------------------------------------------
// Flavour detection
// ---------------------------------------------------------------------------------------------

/** UNIMARC 100$a "general processing data": 8-character date entered (blank in some files), then a code letter. */
const UNIMARC_100A = /^[\d |-]{8}[a-z|]/;

/**
 * UNIMARC or MARC21, by content. Each clue adds to one side's score, every tag counted once:
 * - strong (3): MARC21 245 (title statement); UNIMARC 200 (title and statement of responsibility;
 *   MARC21 has no 200), a UNIMARC 100 whose $a is general processing data (a date then a code letter,
 *   20-36 characters); a MARC21 100 whose $a is a name instead;
 * - 008 control field (UNIMARC has none): 2, 3 when 40 characters long (bibliographic and authority 008);
 * - weak (1), tags that exist in one flavour only: UNIMARC 101, 102, 105, 106, 214, 215, 225, 606, 676,
 *   686, 801, 995; MARC21 041, 050, 082, 260, 264, 490, 650, 651, 655, 866, 952;
 * - the leader (1): "4500" at 20-23 is MARC21's, "450 " UNIMARC's (weak: real UNIMARC files end in "4500" too).
 * Tags both flavours define with other meanings (010, 020, 022, 040, 210, 300, 500, 700, 830, 852, 999)
 * are ignored. A tie (no clue at all) gives `fallback`, UNIMARC unless told otherwise: Colophon serves
 * French networks.
 */
export function detectFlavour(rec: MarcRecord, fallback: MarcFlavour = 'unimarc'): MarcFlavour {
  let uni = 0;
  let m21 = 0;
  let seen = 0; // bit set of the clues already counted
  for (const f of rec.fields) {
    const clue = FLAVOUR_CLUES.get(f.tag);
    if (clue === undefined || (seen & clue.bit) !== 0) continue;
    seen |= clue.bit;
    if (isControlField(f)) {
      if (f.tag === '008') m21 += f.value.length >= 40 ? 3 : 2;
      continue;
    }
    if (f.tag === '100') {
      const a = firstSub(f, 'a');
      if (a === undefined) continue;
      if (a.length >= 20 && UNIMARC_100A.test(a)) uni += 3;
      else if (a.length >= 20 && countDigits(a) >= 8) uni += 2; // processing data, misaligned
      else if (a.trim()) m21 += 3; // a MARC21 main entry name
      continue;
    }
    uni += clue.unimarc;
    m21 += clue.marc21;
  }
  const leader = rec.leader;
  if (leader.length >= 24) {
    if (leader.startsWith('4500', 20)) m21 += 1;
    else if (leader.startsWith('450 ', 20)) uni += 1;
  }
  if (uni === m21) return fallback;
  return uni > m21 ? 'unimarc' : 'marc21';
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) n++;
  return n;
}

/** Tag -> its clue: a bit (each clue counts once) and the points it gives each side. */
const FLAVOUR_CLUES = new Map<string, { bit: number; unimarc: number; marc21: number }>();
{
  const add = (tag: string, unimarc: number, marc21: number): void => {
    FLAVOUR_CLUES.set(tag, { bit: 1 << FLAVOUR_CLUES.size, unimarc, marc21 });
  };
  add('008', 0, 0); // scored by length
  add('100', 0, 0); // scored by content
  add('245', 0, 3);
  add('200', 3, 0);
  for (const t of ['101', '102', '105', '106', '214', '215', '225', '606', '676', '686', '801', '995']) add(t, 1, 0);
  for (const t of ['041', '050', '082', '260', '264', '490', '650', '651', '655', '866', '952']) add(t, 0, 1);
}

// ---------------------------------------------------------------------------------------------
// Record kind
// ---------------------------------------------------------------------------------------------

/**
 * What the record describes, from leader/06 (type of record).
 * - MARC21: z authority; u, v, x, y holdings (MFHD); w classification; q community information;
 *   a c d e f g i j k m o p r t bibliographic.
 * - UNIMARC: the bibliographic format uses a b c d e f g i j k l m r; UNIMARC/Authorities uses
 *   x (authority entry), y (reference entry), z (general explanatory entry), its leader/09 being the
 *   type of entity (a personal name, b corporate name, c territorial name...), not a record-kind flag;
 *   UNIMARC/Holdings uses a b c d (single-part, multipart, serial, integrating resource holdings)
 *   and u (unknown): a holdings record is told from a bibliographic one with the same letter by its
 *   mandatory 004 (link to the bibliographic record) and the absence of a 200 title.
 * A leader with no known type falls back on the content: a title field (245 / 200) means bibliographic.
 */
export function recordKind(rec: MarcRecord, flavour: MarcFlavour): RecordKind {
  const t = rec.leader.charAt(6);
  if (flavour === 'marc21') {
    switch (t) {
      case 'z':
        return 'authority';
      case 'u': case 'v': case 'x': case 'y':
        return 'holdings';
      case 'w':
        return 'classification';
      case 'q':
        return 'community';
      case 'a': case 'c': case 'd': case 'e': case 'f': case 'g': case 'i': case 'j': case 'k': case 'm':
      case 'o': case 'p': case 'r': case 't':
        return 'bibliographic';
      default:
        return hasTag(rec, '245') ? 'bibliographic' : 'unknown';
    }
  }
  switch (t) {
    case 'x': case 'y': case 'z':
      return 'authority';
    case 'u':
      return 'holdings';
    case 'a': case 'b': case 'c': case 'd':
      return hasTag(rec, '004') && !hasTag(rec, '200') ? 'holdings' : 'bibliographic';
    case 'e': case 'f': case 'g': case 'i': case 'j': case 'k': case 'l': case 'm': case 'r':
      return 'bibliographic';
    default:
      return hasTag(rec, '200') ? 'bibliographic' : 'unknown';
  }
}

function hasTag(rec: MarcRecord, tag: string): boolean {
  for (const f of rec.fields) if (f.tag === tag) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Document type and audience helpers
// ---------------------------------------------------------------------------------------------

/** UNIMARC leader/06 -> document type. */
const UNIMARC_TYPES: Record<string, DocumentType> = {
  a: 'book', // language materials, printed
  b: 'manuscript', // language materials, manuscript
  c: 'score', // notated music, printed
  d: 'score', // notated music, manuscript
  e: 'map', // cartographic materials, printed
  f: 'map', // cartographic materials, manuscript
  g: 'film', // projected and video material
  i: 'audiobook', // sound recordings, non-musical
  j: 'music', // sound recordings, musical
  k: 'image', // two-dimensional graphics
  l: 'ebook', // electronic resources
  m: 'other', // multimedia
  r: 'game', // three-dimensional artefacts and realia
};

/** MARC21 leader/06 -> document type. */
const MARC21_TYPES: Record<string, DocumentType> = {
  a: 'book', // language material
  t: 'manuscript', // manuscript language material
  c: 'score', // notated music
  d: 'score', // manuscript notated music
  e: 'map', // cartographic material
  f: 'map', // manuscript cartographic material
  g: 'film', // projected medium
  i: 'audiobook', // nonmusical sound recording
  j: 'music', // musical sound recording
  k: 'image', // two-dimensional nonprojectable graphic
  m: 'ebook', // computer file
  o: 'game', // kit
  p: 'other', // mixed materials
  r: 'game', // three-dimensional artifact or naturally occurring object
};

/**
 * General material designations (UNIMARC 200$b, MARC21 245$h), lower case without brackets. They decide
 * the type only when the leader does not, except "electronic" which marks an e-book on a text leader.
 */
const GMD_TYPES = new Map<string, DocumentType>([
  ['texte imprimé', 'book'], ['texte', 'book'], ['text', 'book'], ['printed text', 'book'], ['livre', 'book'],
  ['testo a stampa', 'book'], ['text tipărit', 'book'],
  ['ressource électronique', 'ebook'], ['document électronique', 'ebook'], ['texte électronique', 'ebook'],
  ['ressource en ligne', 'ebook'], ['electronic resource', 'ebook'], ['livre numérique', 'ebook'],
  ['enregistrement sonore musical', 'music'], ['musique enregistrée', 'music'], ['sound recording', 'music'],
  ['enregistrement sonore', 'music'],
  ['enregistrement sonore non musical', 'audiobook'], ['enregistrement sonore parlé', 'audiobook'],
  ['livre audio', 'audiobook'], ['livre lu', 'audiobook'], ['texte enregistré', 'audiobook'],
  ['images animées', 'film'], ['vidéogramme', 'film'], ['vidéo', 'film'], ['enregistrement vidéo', 'film'],
  ['film', 'film'], ['videorecording', 'film'], ['motion picture', 'film'],
  ['musique imprimée', 'score'], ['musique notée', 'score'], ['partition', 'score'], ['music', 'score'],
  ['document cartographique', 'map'], ['document cartographique imprimé', 'map'], ['carte', 'map'], ['map', 'map'],
  ['image fixe', 'image'], ['document graphique', 'image'], ['image', 'image'], ['graphic', 'image'],
  ['manuscrit', 'manuscript'], ['texte manuscrit', 'manuscript'], ['manuscript', 'manuscript'],
  ['multimédia multisupport', 'other'], ['multimédia', 'other'], ['kit', 'game'], ['objet', 'game'],
  ['jeu', 'game'], ['realia', 'game'], ['game', 'game'],
  ['bande dessinée', 'comic'], ['bandes dessinées', 'comic'],
]);
const GMD_BRACKETS = /[[\]]/g;

function gmdType(raw: string): DocumentType | undefined {
  const key = cleanIsbd(raw.replace(GMD_BRACKETS, '')).toLowerCase();
  return GMD_TYPES.get(key);
}

/**
 * UNIMARC 100$a/17-19: up to three target audience codes. a juvenile general, b pre-primary (0-5),
 * c primary (5-10), d children (9-14) -> youth; e young adult (14-20) -> teen; k adult serious,
 * m adult general -> adult; u unknown and blanks say nothing. Codes spanning adults and the young
 * give 'general'; children and young adults together give 'teen' (e.g. "de": 9-20).
 */
function unimarcAudience(s: string): Audience | null {
  let youth = false;
  let teen = false;
  let adult = false;
  for (let i = 17; i <= 19 && i < s.length; i++) {
    switch (s.charAt(i)) {
      case 'a': case 'b': case 'c': case 'd':
        youth = true;
        break;
      case 'e':
        teen = true;
        break;
      case 'k': case 'm':
        adult = true;
        break;
      default:
        break;
    }
  }
  if (adult) return youth || teen ? 'general' : 'adult';
  if (teen) return 'teen';
  return youth ? 'youth' : null;
}

/**
 * MARC21 008/22 target audience (books, computer files, music, visual materials only; for continuing
 * resources 008/22 is the form of the original, for maps and mixed materials something else):
 * a preschool, b primary, c pre-adolescent, j juvenile -> youth; d adolescent -> teen;
 * e adult, f specialized -> adult; g general -> general; blank, | and unknown codes -> null.
 */
function marc21Audience(code: string): Audience | null {
  switch (code) {
    case 'a': case 'b': case 'c': case 'j':
      return 'youth';
    case 'd':
      return 'teen';
    case 'e': case 'f':
      return 'adult';
    case 'g':
      return 'general';
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// mapRecord
// ---------------------------------------------------------------------------------------------

export function mapRecord(rec: MarcRecord, flavour: MarcFlavour): BibRecord {
  return flavour === 'unimarc' ? mapUnimarc(rec) : mapMarc21(rec);
}

interface TitleParts {
  title: string;
  subtitle: string | null;
  sortTitle: string;
}

function joinTitle(main: string, parts: string[]): string {
  if (parts.length === 0) return main;
  const p = parts.join(', ');
  return main ? `${main}. ${p}` : p;
}

function finishTitle(title: string, subtitle: string | null, sortTitle: string | null): TitleParts {
  const t = title || UNTITLED;
  return { title: t, subtitle: subtitle || null, sortTitle: sortTitle || t };
}

// ----- UNIMARC -----

/** UNIMARC 200: $a title proper (repeated without collective title: joined " ; "), $e other title
 * information (the subtitle, repeats joined " : "), $h number and $i name of a part (appended). */
function unimarcTitle(f: DataField | undefined, fallbackTitle: string | undefined): TitleParts {
  if (!f) return finishTitle(fallbackTitle ? cleanIsbd(fallbackTitle) : '', null, null);
  const titles: string[] = [];
  const sortTitles: string[] = [];
  const subtitles: string[] = [];
  const parts: string[] = [];
  let marked = false;
  for (const s of f.subfields) {
    switch (s.code) {
      case 'a': {
        const v = cleanIsbd(s.value);
        if (!v) break;
        titles.push(v);
        const nf = withoutNonFilingPart(s.value);
        if (nf !== null) marked = true;
        sortTitles.push(nf !== null ? cleanIsbd(nf) : v);
        break;
      }
      case 'e': {
        const v = cleanIsbd(s.value);
        if (v) subtitles.push(v);
        break;
      }
      case 'h': case 'i': {
        const v = cleanIsbd(s.value);
        if (v) parts.push(v);
        break;
      }
      default:
        break;
    }
  }
  let title = titles.join(' ; ');
  if (!title && fallbackTitle) title = cleanIsbd(fallbackTitle);
  const full = joinTitle(title, parts);
  const sort = marked ? joinTitle(sortTitles.join(' ; '), parts) : null;
  return finishTitle(full, subtitles.join(' : '), sort);
}

/** UNIMARC 700/701/702 (and 720-722 family names): $a entry element, $d roman numerals, $b rest of the name. */
function unimarcPersonName(f: DataField): string {
  let a: string | undefined;
  let b: string | undefined;
  let d: string | undefined;
  for (const s of f.subfields) {
    if (s.code === 'a' && a === undefined) a = s.value;
    else if (s.code === 'b' && b === undefined) b = s.value;
    else if (s.code === 'd' && d === undefined) d = s.value;
  }
  let name = a !== undefined ? cleanIsbd(a) : '';
  if (d !== undefined) {
    const dd = cleanIsbd(d);
    if (dd) name = name ? `${name} ${dd}` : dd;
  }
  if (b !== undefined) {
    const bb = cleanIsbd(b);
    if (bb) name = name ? `${name}, ${bb}` : bb;
  }
  return name;
}

/** UNIMARC 710/711/712 (and MARC21 110/710): $a then each $b subdivision, joined ". ". */
function corporateName(f: DataField): string {
  let name = '';
  for (const s of f.subfields) {
    if (s.code !== 'a' && s.code !== 'b') continue;
    if (s.code === 'a' && name) continue;
    const v = cleanIsbd(s.value);
    if (v) name = name ? `${name}. ${v}` : v;
  }
  return name;
}

/** UNIMARC subject heading 600-608: a heading, then $j form, $x topical, $y geographical, $z chronological subdivisions. */
function unimarcSubject(f: DataField): { heading: string; comic: boolean } {
  const tag = f.tag;
  let head = '';
  let b: string | undefined;
  let c: string | undefined;
  let d: string | undefined;
  let fDates: string | undefined;
  const subs: string[] = [];
  let comic = false;
  for (const s of f.subfields) {
    switch (s.code) {
      case 'a':
        if (!head) head = cleanIsbd(s.value);
        else if (tag === '601') head = `${head}. ${cleanIsbd(s.value)}`;
        else subs.push(cleanIsbd(s.value));
        if (tag === '608' && isComicTerm(s.value)) comic = true;
        break;
      case 'b':
        if (tag === '601') {
          const v = cleanIsbd(s.value);
          if (v) head = head ? `${head}. ${v}` : v;
        } else if (b === undefined) b = s.value;
        break;
      case 'c':
        if (c === undefined) c = s.value;
        break;
      case 'd':
        if (d === undefined) d = s.value;
        break;
      case 'f':
        if (fDates === undefined) fDates = s.value;
        break;
      case 't':
        if (tag === '604' || tag === '605') {
          const v = cleanIsbd(s.value);
          if (v) head = head ? `${head}. ${v}` : v;
        }
        break;
      case 'j': case 'x': case 'y': case 'z': {
        const v = cleanIsbd(s.value);
        if (v) subs.push(v);
        if ((s.code === 'j' || s.code === 'x') && isComicTerm(s.value)) comic = true;
        break;
      }
      default:
        break;
    }
  }
  if (tag === '600' || tag === '602') {
    // "Napoléon Ier, empereur des Français (1769-1821)", "Hugo, Victor (1802-1885)"
    if (d !== undefined) head = `${head} ${cleanIsbd(d)}`.trim();
    if (b !== undefined) {
      const bb = cleanIsbd(b);
      if (bb) head = head ? `${head}, ${bb}` : bb;
    }
    if (c !== undefined) {
      const cc = cleanIsbd(c);
      if (cc) head = head ? `${head}, ${cc}` : cc;
    }
    if (fDates !== undefined) {
      const ff = cleanIsbd(fDates);
      if (ff) head = `${head} (${ff})`;
    }
  }
  if (!head) return { heading: subs.join(' -- '), comic };
  subs.unshift(head);
  return { heading: subs.join(' -- '), comic };
}

/** UNIMARC 210 (pre-2012) / 214 (publication, production...): the field the imprint comes from. */
function pickUnimarcImprint(f210: DataField | undefined, f214pub: DataField | undefined, f214any: DataField | undefined): DataField | undefined {
  return f214pub ?? f210 ?? f214any;
}

function mapUnimarc(rec: MarcRecord): BibRecord {
  let controlNumber: string | null = null;
  let f200: DataField | undefined;
  let uniformTitle: string | undefined; // 500$a, then 530$a (key title) when there is no 200
  let f210: DataField | undefined;
  let f214pub: DataField | undefined;
  let f214any: DataField | undefined;
  let anyImprintDate: string | undefined;
  let f215: DataField | undefined;
  let processing: string | undefined; // 100$a
  let language: string | null = null;
  const isbns: string[] = [];
  const issns: string[] = [];
  const series: string[] = [];
  const seriesKeys = new Set<string>();
  const subjects: string[] = [];
  const notes: string[] = [];
  const mainAuthors: Author[] = [];
  const otherAuthors: Author[] = [];
  const seenAuthors = new Set<string>();
  let gmd: DocumentType | undefined;
  let electronic = false; // 135 present, 106$a 's', 182$a 'b', GMD "ressource électronique"
  let game = false; // 135$a/0 'g'
  let comic = false;

  for (const f of rec.fields) {
    const tag = f.tag;
    if (isControlField(f)) {
      if (tag === '001' && controlNumber === null) controlNumber = f.value.trim() || null;
      continue;
    }
    const t0 = tag.charCodeAt(0);
    if (t0 === 0x33 /* 3XX notes */) {
      // 300-399 notes, $a; 327 (contents) joined " -- ", other repeats " ".
      const vals: string[] = [];
      for (const s of f.subfields) if (s.code === 'a') {
        const v = stripMarkers(s.value).trim();
        if (v) vals.push(v);
      }
      if (vals.length) pushNote(notes, vals.join(tag === '327' ? ' -- ' : ' '));
      continue;
    }
    switch (tag) {
      case '010': // ISBN $a ($z is an erroneous ISBN)
        for (const s of f.subfields) if (s.code === 'a') pushUnique(isbns, normaliseIsbn(s.value));
        break;
      case '011': // ISSN $a
        for (const s of f.subfields) if (s.code === 'a') pushUnique(issns, normaliseIssn(s.value));
        break;
      case '100':
        if (processing === undefined) processing = firstSub(f, 'a');
        break;
      case '101': // language of the text: first $a
        if (language === null) {
          const a = firstSub(f, 'a');
          if (a) {
            const l = a.trim().toLowerCase();
            if (l.length === 3 && isLetterCode(l.charCodeAt(0))) language = l;
          }
        }
        break;
      case '105': { // textual material coded data: $a/4-7 form of contents, 't' = cartoons or comic strips
        const a = firstSub(f, 'a');
        if (a && a.slice(4, 8).includes('t')) comic = true;
        break;
      }
      case '106': { // form of item (textual material): 's' electronic
        const a = firstSub(f, 'a');
        if (a && a.trim() === 's') electronic = true;
        break;
      }
      case '135': { // coded data: electronic resources; $a/0 type, 'g' game
        electronic = true;
        const a = firstSub(f, 'a');
        if (a && a.charAt(0) === 'g') game = true;
        break;
      }
      case '182': { // media type: $a 'b' electronic
        const a = firstSub(f, 'a');
        if (a && a.charAt(0) === 'b') electronic = true;
        break;
      }
      case '200':
        if (!f200) {
          f200 = f;
          const b = firstSub(f, 'b');
          if (b !== undefined) {
            gmd = gmdType(b);
            if (gmd === 'ebook') electronic = true;
            if (gmd === 'comic') comic = true;
          }
        }
        break;
      case '210':
        if (!f210) f210 = f;
        if (anyImprintDate === undefined) anyImprintDate = firstSub(f, 'd');
        break;
      case '214':
        if (!f214pub && (f.ind2 === '0' || f.ind2 === ' ')) f214pub = f;
        if (!f214any) f214any = f;
        if (anyImprintDate === undefined) anyImprintDate = firstSub(f, 'd');
        break;
      case '215':
        if (!f215) f215 = f;
        break;
      case '225': { // series statement: $a title, $i part name
        const a = firstSub(f, 'a');
        if (a) {
          const i = firstSub(f, 'i');
          pushSeries(series, seriesKeys, i ? `${cleanIsbd(a)}. ${cleanIsbd(i)}` : a);
        }
        break;
      }
      case '410': // series link
      case '461': // set link
        pushSeries(series, seriesKeys, linkedTitle(f));
        break;
      case '500':
        if (uniformTitle === undefined) uniformTitle = firstSub(f, 'a');
        break;
      case '530':
        if (uniformTitle === undefined) uniformTitle = firstSub(f, 'a');
        break;
      case '600': case '601': case '602': case '604': case '605': case '606': case '607': case '608': {
        const { heading, comic: c } = unimarcSubject(f);
        if (c) comic = true;
        pushUnique(subjects, heading);
        break;
      }
      case '610': // uncontrolled subject terms: each $a is one term
        for (const s of f.subfields) {
          if (s.code !== 'a') continue;
          pushUnique(subjects, cleanIsbd(s.value));
          if (isComicTerm(s.value)) comic = true;
        }
        break;
      case '676': { // Dewey
        const a = firstSub(f, 'a');
        if (a && isComicDewey(a)) comic = true;
        break;
      }
      case '686': { // other classification (local classes, "BD")
        const a = firstSub(f, 'a');
        if (a && (isComicDewey(a) || isComicCallNumber(a))) comic = true;
        break;
      }
      case '700': case '701': case '702': case '720': case '721': case '722': {
        const name = unimarcPersonName(f);
        const third = tag.charAt(2);
        const { role, roleCode } = unimarcRole(f, third === '2' ? 'Collaborateur' : 'Auteur');
        addAuthor(third === '0' ? mainAuthors : otherAuthors, seenAuthors, name, role, roleCode);
        break;
      }
      case '710': case '711': case '712': {
        const third = tag.charAt(2);
        const { role, roleCode } = unimarcRole(f, third === '2' ? 'Collaborateur' : 'Auteur');
        addAuthor(third === '0' ? mainAuthors : otherAuthors, seenAuthors, corporateName(f), role, roleCode);
        break;
      }
      case '995': { // item call number (Koha France 995$k)
        const k = firstSub(f, 'k');
        if (k && isComicCallNumber(k)) comic = true;
        break;
      }
      default:
        break;
    }
  }

  const { title, subtitle, sortTitle } = unimarcTitle(f200, uniformTitle);

  // Imprint: 214 with ind2 publication (0) or blank, else 210, else any 214.
  const imprint = pickUnimarcImprint(f210, f214pub, f214any);
  let publisher: string | null = null;
  let place: string | null = null;
  let yearText: string | undefined;
  if (imprint) {
    for (const s of imprint.subfields) {
      if (s.code === 'a' && place === null) place = cleanImprint(s.value);
      else if (s.code === 'c' && publisher === null) publisher = cleanImprint(s.value);
      else if (s.code === 'd' && yearText === undefined) yearText = s.value;
    }
  }
  // Year: 210$d / 214$d, else 100$a/9-12 (date 1).
  let year = yearText !== undefined ? extractYear(yearText) : null;
  if (year === null && anyImprintDate !== undefined) year = extractYear(anyImprintDate);
  if (year === null && processing !== undefined) year = codedYear(processing, 9);

  // Document type: leader/06 (type of record), leader/07 (bibliographic level), then the hints.
  const leader = rec.leader;
  const typeCode = leader.charAt(6);
  const level = leader.charAt(7);
  let documentType: DocumentType = UNIMARC_TYPES[typeCode] ?? (gmd === 'comic' ? 'book' : gmd) ?? 'other';
  if (documentType === 'book' && electronic) documentType = 'ebook';
  if (documentType === 'ebook' && typeCode === 'l' && game) documentType = 'game';
  const textual = documentType === 'book' || documentType === 'ebook' || documentType === 'manuscript' || typeCode === 'm' || UNIMARC_TYPES[typeCode] === undefined;
  if (level === 's' && textual) documentType = 'periodical';
  else if (documentType === 'book' && comic) documentType = 'comic';

  const audience = processing !== undefined ? unimarcAudience(processing) : null;

  return {
    flavour: 'unimarc',
    controlNumber,
    title,
    sortTitle,
    subtitle,
    authors: mainAuthors.concat(otherAuthors),
    subjects,
    publisher,
    publicationPlace: place,
    year,
    language,
    isbns,
    issns,
    series,
    documentType,
    audience,
    physicalDescription: f215 ? unimarcPhysical(f215) : null,
    notes,
  };
}

/**
 * Title of a UNIMARC linking field (410 series, 461 set): $t, or with the embedded-field technique
 * ("$1 2001 $a Bestsellers"), the $a that follows an embedded 200.
 */
function linkedTitle(f: DataField): string | undefined {
  let in200 = false;
  let embedded: string | undefined;
  for (const s of f.subfields) {
    if (s.code === 't') return s.value;
    if (s.code === '1') in200 = s.value.startsWith('200');
    else if (s.code === 'a' && in200 && embedded === undefined) embedded = s.value;
  }
  return embedded;
}

/**
 * UNIMARC 215 in ISBD order: $a extent " : " $c other details " ; " $d dimensions " + " $e accompanying
 * material. Only separators are trimmed: a closing period here ends an abbreviation ("ill. en coul.").
 */
function unimarcPhysical(f: DataField): string | null {
  let out = '';
  for (const s of f.subfields) {
    const v = trimSeparators(stripMarkers(s.value));
    if (!v) continue;
    switch (s.code) {
      case 'a':
        out = out ? `${out} ; ${v}` : v;
        break;
      case 'c':
        out = out ? `${out} : ${v}` : v;
        break;
      case 'd':
        out = out ? `${out} ; ${v}` : v;
        break;
      case 'e':
        out = out ? `${out} + ${v}` : v;
        break;
      default:
        break;
    }
  }
  return out || null;
}

// ----- MARC21 -----

/** MARC21 245: $a title, $n number / $p name of part (appended), $b remainder (subtitle); ind2 = non-filing characters. */
function marc21Title(f: DataField | undefined, fallbackTitle: string | undefined): TitleParts & { electronic: boolean } {
  if (!f) return { ...finishTitle(fallbackTitle ? cleanIsbd(fallbackTitle) : '', null, null), electronic: false };
  let a: string | undefined;
  let k: string | undefined;
  const subtitles: string[] = [];
  const parts: string[] = [];
  let electronic = false;
  for (const s of f.subfields) {
    switch (s.code) {
      case 'a':
        if (a === undefined) a = s.value;
        break;
      case 'k':
        if (k === undefined) k = s.value;
        break;
      case 'b': {
        const v = cleanIsbd(s.value);
        if (v) subtitles.push(v);
        break;
      }
      case 'n': case 'p': {
        const v = cleanIsbd(s.value);
        if (v) parts.push(v);
        break;
      }
      case 'h': // medium: "[electronic resource]", "[ressource électronique]"
        if (gmdType(s.value) === 'ebook') electronic = true;
        break;
      default:
        break;
    }
  }
  const rawTitle = a ?? k ?? fallbackTitle ?? '';
  const main = cleanIsbd(rawTitle);
  let sortMain: string | null = null;
  const nf = withoutNonFilingPart(rawTitle);
  if (nf !== null) sortMain = cleanIsbd(nf);
  else if (a !== undefined) {
    // ind2 0-9: number of leading characters to skip when filing ("The " = 4).
    const skip = f.ind2.charCodeAt(0) - 0x30;
    const stripped = stripMarkers(a).trimStart();
    if (skip > 0 && skip <= 9 && skip < stripped.length) sortMain = cleanIsbd(stripped.slice(skip));
  }
  return {
    ...finishTitle(joinTitle(main, parts), subtitles.join(' : '), sortMain ? joinTitle(sortMain, parts) : null),
    electronic,
  };
}

/** MARC21 100/700: $a (+ $b numeration), e.g. "Hugo, Victor," -> "Hugo, Victor"; "Elizabeth $b II," -> "Elizabeth II". */
function marc21PersonName(f: DataField): string {
  let a: string | undefined;
  let b: string | undefined;
  for (const s of f.subfields) {
    if (s.code === 'a' && a === undefined) a = s.value;
    else if (s.code === 'b' && b === undefined) b = s.value;
  }
  const name = a !== undefined ? cleanIsbd(a) : '';
  if (b === undefined) return name;
  const bb = cleanIsbd(b);
  return bb ? `${name} ${bb}`.trim() : name;
}

/** MARC21 111/711 meeting: $a, with $e subordinate units. */
function marc21MeetingName(f: DataField): string {
  let name = '';
  for (const s of f.subfields) {
    if (s.code !== 'a' && s.code !== 'e') continue;
    if (s.code === 'a' && name) continue;
    const v = cleanIsbd(s.value);
    if (v) name = name ? `${name}. ${v}` : v;
  }
  return name;
}

/** Subfields that make the heading of a MARC21 subject field (before the $v $x $y $z subdivisions). */
const MARC21_SUBJECT_HEAD: Record<string, string> = {
  '600': 'abcdqt', // personal name (+ numeration, titles, dates, fuller form, title of a work)
  '610': 'abt', // corporate name, subordinate units
  '611': 'acdent', // meeting
  '630': 'anpl', // uniform title
  '648': 'a',
  '650': 'ab',
  '651': 'a',
  '655': 'a',
};

/** MARC21 subject: the heading subfields joined by spaces, then $v $x $y $z, all joined " -- ". */
function marc21Subject(f: DataField, headCodes: string): { heading: string; comic: boolean } {
  let head = '';
  const segs: string[] = [];
  let comic = false;
  for (const s of f.subfields) {
    const code = s.code;
    if (code === 'v' || code === 'x' || code === 'y' || code === 'z') {
      const v = cleanIsbd(s.value);
      if (v) segs.push(v);
      if (code === 'v' && isComicTerm(s.value)) comic = true;
    } else if (headCodes.includes(code) && segs.length === 0) {
      const v = stripMarkers(s.value).trim();
      if (v) head = head ? `${head} ${v}` : v;
      if (f.tag === '655' && code === 'a' && isComicTerm(s.value)) comic = true;
    }
  }
  head = cleanIsbd(head);
  if (head) segs.unshift(head);
  return { heading: segs.join(' -- '), comic };
}

const ONLINE_WORDS = /online|en ligne|electronic|électronique|ressource/i;

function mapMarc21(rec: MarcRecord): BibRecord {
  let controlNumber: string | null = null;
  let f008 = '';
  let f245: DataField | undefined;
  let fallbackTitle: string | undefined; // 130$a / 240$a when there is no 245
  let f264pub: DataField | undefined;
  let f260: DataField | undefined;
  let f264any: DataField | undefined;
  let anyImprintDate: string | undefined;
  let f300: DataField | undefined;
  let has300Print = false;
  let lang041: string | undefined;
  const isbns: string[] = [];
  const issns: string[] = [];
  const series: string[] = [];
  const seriesKeys = new Set<string>();
  const subjects: string[] = [];
  const notes: string[] = [];
  const mainAuthors: Author[] = [];
  const otherAuthors: Author[] = [];
  const seenAuthors = new Set<string>();
  let electronic = false; // 006, 245$h, 337/338 (008/23 is read below)
  let onlineHint = false; // 007/00 'c', 856 ind2 0: also found on print records with a digitised copy
  let comic = false;

  for (const f of rec.fields) {
    const tag = f.tag;
    if (isControlField(f)) {
      switch (tag) {
        case '001':
          if (controlNumber === null) controlNumber = f.value.trim() || null;
          break;
        case '006': {
          // additional material characteristics: 006/00 'm' computer file; text (a, t) with 006/06 form o/q/s
          const v = f.value;
          const c0 = v.charAt(0);
          if (c0 === 'm') electronic = true;
          else if ((c0 === 'a' || c0 === 't' || c0 === 's') && isElectronicForm(v.charAt(6))) electronic = true;
          break;
        }
        case '007': // physical description: 007/00 'c' electronic resource (weak: see below)
          if (f.value.charAt(0) === 'c') onlineHint = true;
          break;
        case '008':
          if (!f008) f008 = f.value;
          break;
        default:
          break;
      }
      continue;
    }
    const t0 = tag.charCodeAt(0);
    if (t0 === 0x35 /* 5XX notes */) {
      // 500-599 $a; 505 contents without $a: its $t titles joined " -- ".
      const vals: string[] = [];
      for (const s of f.subfields) if (s.code === 'a') {
        const v = stripMarkers(s.value).trim();
        if (v) vals.push(v);
      }
      if (vals.length === 0 && tag === '505') {
        for (const s of f.subfields) if (s.code === 't') {
          const v = cleanIsbd(s.value);
          if (v) vals.push(v);
        }
      }
      if (vals.length) pushNote(notes, vals.join(tag === '505' ? ' -- ' : ' '));
      continue;
    }
    switch (tag) {
      case '020': // ISBN $a ($z canceled/invalid)
        for (const s of f.subfields) if (s.code === 'a') pushUnique(isbns, normaliseIsbn(s.value));
        break;
      case '022': // ISSN $a
        for (const s of f.subfields) if (s.code === 'a') pushUnique(issns, normaliseIssn(s.value));
        break;
      case '041':
        if (lang041 === undefined) lang041 = firstSub(f, 'a');
        break;
      case '082': case '092': { // Dewey (082) and local Dewey (092)
        const a = firstSub(f, 'a');
        if (a && isComicDewey(a)) comic = true;
        break;
      }
      case '100': {
        const { role, roleCode } = marc21Role(f, 'Auteur');
        addAuthor(mainAuthors, seenAuthors, marc21PersonName(f), role, roleCode);
        break;
      }
      case '110': {
        const { role, roleCode } = marc21Role(f, 'Auteur');
        addAuthor(mainAuthors, seenAuthors, corporateName(f), role, roleCode);
        break;
      }
      case '111': {
        const { role, roleCode } = marc21Role(f, 'Auteur');
        addAuthor(mainAuthors, seenAuthors, marc21MeetingName(f), role, roleCode);
        break;
      }
      case '130': case '240':
        if (fallbackTitle === undefined) fallbackTitle = firstSub(f, 'a');
        break;
      case '245':
        if (!f245) f245 = f;
        break;
      case '260':
        if (!f260) f260 = f;
        if (anyImprintDate === undefined) anyImprintDate = firstSub(f, 'c');
        break;
      case '264':
        if (!f264pub && f.ind2 === '1') f264pub = f;
        if (!f264any && f.ind2 !== '4') f264any = f;
        if (anyImprintDate === undefined) anyImprintDate = firstSub(f, 'c');
        break;
      case '300': {
        if (!f300) f300 = f;
        const a = firstSub(f, 'a');
        if (a !== undefined && !ONLINE_WORDS.test(a)) has300Print = true;
        break;
      }
      case '337': { // media type: "computer" / "ordinateur", code c
        const a = firstSub(f, 'a');
        const b = firstSub(f, 'b');
        if (b === 'c' || (a !== undefined && (a.startsWith('computer') || a.startsWith('informatique') || a.startsWith('électronique')))) electronic = true;
        break;
      }
      case '338': { // carrier type: "online resource", code cr
        const b = firstSub(f, 'b');
        const a = firstSub(f, 'a');
        if (b === 'cr' || (a !== undefined && (a.startsWith('online resource') || a.startsWith('ressource en ligne')))) electronic = true;
        break;
      }
      case '490': // series statement
        for (const s of f.subfields) if (s.code === 'a') pushSeries(series, seriesKeys, s.value);
        break;
      case '600': case '610': case '611': case '630': case '648': case '650': case '651': case '655': {
        const { heading, comic: c } = marc21Subject(f, MARC21_SUBJECT_HEAD[tag]!);
        if (c) comic = true;
        pushUnique(subjects, heading);
        break;
      }
      case '653': // uncontrolled index terms: each $a one term
        for (const s of f.subfields) if (s.code === 'a') pushUnique(subjects, cleanIsbd(s.value));
        break;
      case '700': case '720': {
        const { role, roleCode } = marc21Role(f, 'Collaborateur');
        addAuthor(otherAuthors, seenAuthors, marc21PersonName(f), role, roleCode);
        break;
      }
      case '710': {
        const { role, roleCode } = marc21Role(f, 'Collaborateur');
        addAuthor(otherAuthors, seenAuthors, corporateName(f), role, roleCode);
        break;
      }
      case '711': {
        const { role, roleCode } = marc21Role(f, 'Collaborateur');
        addAuthor(otherAuthors, seenAuthors, marc21MeetingName(f), role, roleCode);
        break;
      }
      case '800': case '810': case '811': // series added entry, name/title: $t
        pushSeries(series, seriesKeys, firstSub(f, 't'));
        break;
      case '830': // series added entry, uniform title
        pushSeries(series, seriesKeys, firstSub(f, 'a'));
        break;
      case '856':
        if (f.ind2 === '0' && firstSub(f, 'u') !== undefined) onlineHint = true;
        break;
      case '952': { // Koha item call number
        const o = firstSub(f, 'o');
        if (o && isComicCallNumber(o)) comic = true;
        break;
      }
      default:
        break;
    }
  }

  const titled = marc21Title(f245, fallbackTitle);
  if (titled.electronic) electronic = true;
  // 007/00 'c' and 856 ind2 0 ("the resource itself") also appear on records of printed books that
  // describe a digitised copy (the LoC file): they mean an e-book only when no 300 counts printed pages.
  if (onlineHint && !has300Print) electronic = true;

  // Imprint: 264 ind2 1 (publication), else 260, else another 264 (not the copyright date 264 _4).
  const imprint = f264pub ?? f260 ?? f264any;
  let publisher: string | null = null;
  let place: string | null = null;
  let yearText: string | undefined;
  if (imprint) {
    for (const s of imprint.subfields) {
      if (s.code === 'a' && place === null) place = cleanImprint(s.value);
      else if (s.code === 'b' && publisher === null) publisher = cleanImprint(s.value);
      else if (s.code === 'c' && yearText === undefined) yearText = s.value;
    }
  }
  // Year: 264$c / 260$c, else 008/07-10 (date 1).
  let year = yearText !== undefined ? extractYear(yearText) : null;
  if (year === null && anyImprintDate !== undefined) year = extractYear(anyImprintDate);
  if (year === null && f008) year = codedYear(f008, 7);

  // Language: 008/35-37, else 041$a (first code; old records pack several codes in one $a).
  let language: string | null = null;
  const l008 = f008.length >= 38 ? f008.slice(35, 38).toLowerCase() : '';
  if (isLanguageCode(l008)) language = l008;
  else if (lang041 !== undefined) {
    const l = lang041.trim().slice(0, 3).toLowerCase();
    if (isLanguageCode(l)) language = l;
  }

  // Document type: leader/06, leader/07, 008 and the electronic / comic hints.
  const leader = rec.leader;
  const typeCode = leader.charAt(6);
  const level = leader.charAt(7);
  const serial = level === 's';
  const books = (typeCode === 'a' || typeCode === 't') && !serial && level !== 'b' && level !== 'i';
  let documentType: DocumentType = MARC21_TYPES[typeCode] ?? 'other';
  if (typeCode === 'a' && (electronic || isElectronicForm(f008.charAt(23)))) documentType = 'ebook';
  if (typeCode === 'm' && f008.charAt(26) === 'g') documentType = 'game'; // computer file type: game
  if (books && (f008.charAt(33) === 'c' || f008.slice(24, 28).includes('6'))) comic = true;
  if (serial && (typeCode === 'a' || typeCode === 't' || typeCode === 'm' || MARC21_TYPES[typeCode] === undefined)) {
    documentType = 'periodical';
  } else if (documentType === 'book' && comic) documentType = 'comic';

  // Audience: 008/22 where it means target audience.
  let audience: Audience | null = null;
  if (f008.length > 22) {
    const audienceApplies = books || typeCode === 'm' || typeCode === 'c' || typeCode === 'd' || typeCode === 'i' ||
      typeCode === 'j' || typeCode === 'g' || typeCode === 'k' || typeCode === 'o' || typeCode === 'r';
    if (audienceApplies && !serial) audience = marc21Audience(f008.charAt(22));
  }

  let physical: string | null = null;
  if (f300) {
    const parts: string[] = [];
    for (const s of f300.subfields) {
      if ('abcefg'.includes(s.code)) {
        const v = stripMarkers(s.value).trim();
        if (v) parts.push(v);
      }
    }
    // 300 $a $b $c $e... keep their own ISBD punctuation; only the ends are trimmed ("24 cm." stays).
    physical = parts.length ? trimSeparators(parts.join(' ')) || null : null;
  }

  return {
    flavour: 'marc21',
    controlNumber,
    title: titled.title,
    sortTitle: titled.sortTitle,
    subtitle: titled.subtitle,
    authors: mainAuthors.concat(otherAuthors),
    subjects,
    publisher,
    publicationPlace: place,
    year,
    language,
    isbns,
    issns,
    series,
    documentType,
    audience,
    physicalDescription: physical,
    notes,
  };
}

/** 008/23 (books, continuing resources) and 006/06 form of item: o online, q direct electronic, s electronic. */
function isElectronicForm(c: string): boolean {
  return c === 'o' || c === 'q' || c === 's';
}

function isLanguageCode(l: string): boolean {
  if (l.length !== 3) return false;
  for (let i = 0; i < 3; i++) {
    const c = l.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}
