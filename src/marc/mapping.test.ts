import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  UNTITLED,
  cleanIsbd,
  detectFlavour,
  extractYear,
  isComicCallNumber,
  mapRecord,
  normaliseIsbn,
  normaliseIssn,
  recordKind,
} from './mapping.js';
import type { BibRecord, MarcFlavour } from './model.js';
import type { Field, MarcRecord } from './record.js';
import { sharedDataSkip, sharedFile } from '../../test/helpers/shared-data.js';

// ---------------------------------------------------------------------------------------------
// Builders. A field is written "TAG II$aValue$bValue" (II = the two indicators), a control field
// "TAG value". Leaders default to a printed monograph of each flavour.

const UNI_LEADER = '00000nam  2200000   450 ';
const M21_LEADER = '00000nam a2200000 i 4500';

function field(spec: string): Field {
  const tag = spec.slice(0, 3);
  if (tag.startsWith('00')) return { tag, value: spec.slice(4) };
  const parts = spec.slice(6).split('$').slice(1);
  return { tag, ind1: spec.charAt(4), ind2: spec.charAt(5), subfields: parts.map((p) => ({ code: p.charAt(0), value: p.slice(1) })) };
}

function rec(leader: string, ...specs: string[]): MarcRecord {
  return { leader, fields: specs.map(field) };
}

/** Leader with type of record (06) and bibliographic level (07) set. */
function leader(base: string, type: string, level = 'm'): string {
  return base.slice(0, 6) + type + level + base.slice(8);
}

/** UNIMARC 100$a general processing data: date entered, type of date, date 1, date 2, audience (17-19), ... */
function u100(o: { date1?: string; audience?: string } = {}): string {
  const v = `20200101d${o.date1 ?? '2020'}    ${(o.audience ?? 'm').padEnd(3)}y0frey0103    ba`;
  assert.equal(v.length, 36);
  return `100   $a${v}`;
}

/** MARC21 008 (books layout): date 1 at 07-10, audience 22, form of item 23, nature 24-27, literary form 33, language 35-37. */
function m008(o: { date1?: string; audience?: string; form?: string; nature?: string; literary?: string; lang?: string; at26?: string } = {}): string {
  const c = Array.from('                                        ');
  const put = (at: number, s: string): void => {
    for (let i = 0; i < s.length; i++) c[at + i] = s.charAt(i);
  };
  put(0, '200101s');
  put(7, o.date1 ?? '2020');
  put(15, 'fr ');
  put(22, o.audience ?? ' ');
  put(23, o.form ?? ' ');
  put(24, o.nature ?? '    ');
  if (o.at26) put(26, o.at26);
  put(33, o.literary ?? '0');
  put(35, o.lang ?? 'fre');
  put(39, 'd');
  assert.equal(c.length, 40);
  return `008 ${c.join('')}`;
}

const uni = (...specs: string[]): BibRecord => mapRecord(rec(UNI_LEADER, ...specs), 'unimarc');
const m21 = (...specs: string[]): BibRecord => mapRecord(rec(M21_LEADER, ...specs), 'marc21');

// ---------------------------------------------------------------------------------------------
// Text helpers

test('cleanIsbd strips ISBD punctuation and non-filing markers, keeps initials and abbreviations', () => {
  const cases: [string, string][] = [
    ['The hobbit :', 'The hobbit'],
    ['The hobbit /', 'The hobbit'],
    ['Paris ;', 'Paris'],
    ['Victor Hugo =', 'Victor Hugo'],
    ['Gallimard,', 'Gallimard'],
    ['Gallimard.', 'Gallimard'],
    ['Dumas, Alexandre, 1802-1870.', 'Dumas, Alexandre, 1802-1870'],
    [', 1465-1927, facsimiles', '1465-1927, facsimiles'],
    [': roman', 'roman'],
    ['Tolkien, J.R.R.', 'Tolkien, J.R.R.'],
    ['Smith, John A.', 'Smith, John A.'],
    ['Comic books, strips, etc.', 'Comic books, strips, etc.'],
    ['Oakland, Calif.', 'Oakland, Calif.'],
    ['[S.l.]', '[S.l.]'],
    ['24 cm.', '24 cm.'],
    ['Et après...', 'Et après...'],
    ['Title .', 'Title'],
    ['  spaced  ', 'spaced'],
    ['\u0088Le \u0089petit prince', 'Le petit prince'],
    ['\u0098The \u009chobbit :', 'The hobbit'],
    ['\u001bHLe \u001bIpetit prince', 'Le petit prince'],
    ['<<The >>sweetest fig', 'The sweetest fig'],
    ['.', ''],
    [' / ', ''],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(cleanIsbd(input), expected, JSON.stringify(input));
});

test('normaliseIsbn keeps digits and X, drops hyphens, spaces and qualifiers', () => {
  const cases: [string, string | null][] = [
    ['2-07-036822-X (br.)', '207036822X'],
    ['2-07-036822-x', '207036822X'],
    ['978-2-07-036822-8', '9782070368228'],
    ['9782070368228 : 7,50 EUR', '9782070368228'],
    ['0 19 852663 6', '0198526636'],
    ['0-19-852663-6 (pbk.)', '0198526636'],
    ['ISBN 2070368228', '2070368228'],
    ['9782070368228 2 vol.', '9782070368228'],
    ['979-10-300-0998-9', '9791030009989'],
    ['123-4', null],
    ['1234567890123', null], // 13 digits that are no ISBN-13 (no 978/979 prefix)
    ['12345678X0', null], // X only as the check digit
    ['br.', null],
    ['', null],
  ];
  for (const [input, expected] of cases) assert.equal(normaliseIsbn(input), expected, input);
});

test('normaliseIssn formats NNNN-NNNX', () => {
  const cases: [string, string | null][] = [
    ['0395-2037', '0395-2037'],
    ['03952037', '0395-2037'],
    ['0955-2359 (imprimé)', '0955-2359'],
    ['1234-567x', '1234-567X'],
    ['ISSN 0003-0937', '0003-0937'],
    ['123-456', null],
    ['1234-5678-9', null],
    ['', null],
  ];
  for (const [input, expected] of cases) assert.equal(normaliseIssn(input), expected, input);
});

test('extractYear takes the first four-digit number between 1000 and 2100', () => {
  const cases: [string, number | null][] = [
    ['c1998.', 1998],
    ['[1875?]', 1875],
    ['1900-1914', 1900],
    ['DL 2015', 2015],
    ['cop. 2014, impr. 2015', 2014],
    ['©2014', 2014],
    ['19..', null],
    ['197-', null],
    ['12345', null],
    ['0999', null],
    ['2101', null],
    ['s.d.', null],
    ['', null],
  ];
  for (const [input, expected] of cases) assert.equal(extractYear(input), expected, input);
});

test('isComicCallNumber recognises the BD and MANGA shelf marks only', () => {
  const cases: [string, boolean][] = [
    ['BD', true],
    ['BD GOS', true],
    ['BD-J HER', true],
    ['BDJ TIN', true],
    ['BDA BIL', true],
    ['MANGA 12', true],
    ['  BD ASTE', true],
    ['BDX 12', false],
    ['Bd 12', false],
    ['R GOS', false],
    ['741.5 GOS', false],
  ];
  for (const [input, expected] of cases) assert.equal(isComicCallNumber(input), expected, input);
});

// ---------------------------------------------------------------------------------------------
// Flavour and record kind

test('detectFlavour tells UNIMARC from MARC21 by content, even with key fields missing', () => {
  const cases: [name: string, record: MarcRecord, expected: MarcFlavour][] = [
    ['UNIMARC monograph', rec(UNI_LEADER, '001 1', '010   $a2070368228', u100(), '101 0 $afre', '200 1 $aLe petit prince', '700  1$aSaint-Exupéry$bAntoine de$4070'), 'unimarc'],
    ['MARC21 monograph', rec(M21_LEADER, '001 1', m008(), '020   $a2070368228', '100 1 $aSaint-Exupéry, Antoine de.', '245 13$aLe petit prince.'), 'marc21'],
    ['UNIMARC without 200', rec(UNI_LEADER, u100(), '101 0 $afre', '215   $a93 p.', '700  1$aX$bY'), 'unimarc'],
    ['UNIMARC without 100 nor 200', rec(UNI_LEADER, '101 0 $afre', '606   $aChats', '801  0$aFR$bBNF'), 'unimarc'],
    ['UNIMARC whose leader ends in 4500 (Italian SBN export)', rec('00000nam0 2200000 i 4500', u100(), '200 1 $aTitolo'), 'unimarc'],
    ['UNIMARC 100 with a blank date entered (Sciences Po file)', rec(UNI_LEADER, '100   $a        a20019999k    fre 01      ba'), 'unimarc'],
    ['UNIMARC 100 misaligned by one character', rec(UNI_LEADER, '100   $a         a20019999k    fre 01      ba'), 'unimarc'],
    ['MARC21 without 245', rec(M21_LEADER, m008(), '260   $aParis :$bSeuil,$c1998.'), 'marc21'],
    ['MARC21 without 008 nor 245', rec(M21_LEADER, '100 1 $aHugo, Victor.', '650  0$aCats.'), 'marc21'],
    ['MARC21 authority', rec('00000nz  a2200000n  4500', '008 021205n| acannaabn          |n anc     d', '100 1 $aHugo, Victor,$d1802-1885'), 'marc21'],
    ['UNIMARC authority', rec('00000nx  j2200000   450 ', '100   $a20020101afrey50      ba', '200  1$aHugo$bVictor$f1802-1885'), 'unimarc'],
    ['MARC21 holdings (MFHD, 32-character 008)', rec('00000cy  a22000004  4500', '004 123', '008 0207120p    8   4001aueng0000000', '852 01$aOWN$bMAIN'), 'marc21'],
  ];
  for (const [name, record, expected] of cases) {
    assert.equal(detectFlavour(record), expected, name);
    // The fallback must not decide any of these.
    assert.equal(detectFlavour(record, expected === 'unimarc' ? 'marc21' : 'unimarc'), expected, `${name} (fallback)`);
  }
});

test('detectFlavour gives the fallback when nothing tells (UNIMARC by default)', () => {
  const empty = rec('00000nam  2200000   4   ', '001 42');
  assert.equal(detectFlavour(empty), 'unimarc');
  assert.equal(detectFlavour(empty, 'marc21'), 'marc21');
  assert.equal(detectFlavour({ leader: '', fields: [] }), 'unimarc');
});

test('recordKind reads MARC21 leader/06', () => {
  const cases: [string, string][] = [
    ['a', 'bibliographic'], ['c', 'bibliographic'], ['d', 'bibliographic'], ['e', 'bibliographic'], ['f', 'bibliographic'],
    ['g', 'bibliographic'], ['i', 'bibliographic'], ['j', 'bibliographic'], ['k', 'bibliographic'], ['m', 'bibliographic'],
    ['o', 'bibliographic'], ['p', 'bibliographic'], ['r', 'bibliographic'], ['t', 'bibliographic'],
    ['z', 'authority'], ['u', 'holdings'], ['v', 'holdings'], ['x', 'holdings'], ['y', 'holdings'],
    ['w', 'classification'], ['q', 'community'], ['b', 'unknown'], [' ', 'unknown'],
  ];
  for (const [type, expected] of cases) assert.equal(recordKind(rec(leader(M21_LEADER, type)), 'marc21'), expected, `leader/06 ${type}`);
  // An unknown type with a title is still a bibliographic record.
  assert.equal(recordKind(rec(leader(M21_LEADER, ' '), '245 00$aTitle'), 'marc21'), 'bibliographic');
  // Short or missing leaders do not throw.
  assert.equal(recordKind({ leader: '', fields: [] }, 'marc21'), 'unknown');
});

test('recordKind reads UNIMARC leader/06, holdings told from bibliographic records by 004 without 200', () => {
  const cases: [string, string][] = [
    ['a', 'bibliographic'], ['b', 'bibliographic'], ['c', 'bibliographic'], ['d', 'bibliographic'], ['e', 'bibliographic'],
    ['f', 'bibliographic'], ['g', 'bibliographic'], ['i', 'bibliographic'], ['j', 'bibliographic'], ['k', 'bibliographic'],
    ['l', 'bibliographic'], ['m', 'bibliographic'], ['r', 'bibliographic'],
    ['x', 'authority'], ['y', 'authority'], ['z', 'authority'], ['u', 'holdings'], ['w', 'unknown'],
  ];
  for (const [type, expected] of cases) assert.equal(recordKind(rec(leader(UNI_LEADER, type)), 'unimarc'), expected, `leader/06 ${type}`);
  assert.equal(recordKind(rec(leader(UNI_LEADER, 'a'), '001 h1', '004 b1', '252   $aBIB1'), 'unimarc'), 'holdings');
  assert.equal(recordKind(rec(leader(UNI_LEADER, 'c'), '001 h1', '004 b1', '252   $aBIB1'), 'unimarc'), 'holdings');
  assert.equal(recordKind(rec(leader(UNI_LEADER, 'a'), '004 b1', '200 1 $aTitre'), 'unimarc'), 'bibliographic');
  assert.equal(recordKind(rec(leader(UNI_LEADER, ' '), '200 1 $aTitre'), 'unimarc'), 'bibliographic');
  assert.equal(recordKind(rec(leader(UNI_LEADER, ' ')), 'unimarc'), 'unknown');
});

// ---------------------------------------------------------------------------------------------
// UNIMARC mapping

test('UNIMARC title: 200$a without markers, $e subtitle, $h/$i part, sort title from NSB/NSE', () => {
  const b = uni('001  FRBNF1 ', '200 1 $a\u0088Les \u0089misérables$broman$eroman /$hTome 2 ,$iCosette ;$fVictor Hugo');
  assert.equal(b.controlNumber, 'FRBNF1');
  assert.equal(b.title, 'Les misérables. Tome 2, Cosette');
  assert.equal(b.sortTitle, 'misérables. Tome 2, Cosette');
  assert.equal(b.subtitle, 'roman');
  assert.equal(b.flavour, 'unimarc');
});

test('UNIMARC title variants', () => {
  const cases: [specs: string[], title: string, subtitle: string | null, sortTitle: string][] = [
    [['200 1 $aLe petit prince'], 'Le petit prince', null, 'Le petit prince'],
    [['200 1 $a\u001bHLe \u001bIpetit prince :$e[roman]'], 'Le petit prince', '[roman]', 'petit prince'],
    [['200 1 $a<<The >>sweetest fig'], 'The sweetest fig', null, 'sweetest fig'],
    [['200 1 $aTartuffe ;$aDom Juan$eune comédie$e, précédée de...'], 'Tartuffe ; Dom Juan', 'une comédie : précédée de...', 'Tartuffe ; Dom Juan'],
    [['200 1 $a, 1465-1927'], '1465-1927', null, '1465-1927'],
    [['200 1 $bTexte imprimé'], UNTITLED, null, UNTITLED],
    [['500 10$aHamlet', '215   $a1 vol.'], 'Hamlet', null, 'Hamlet'],
    [['215   $a1 vol.'], UNTITLED, null, UNTITLED],
  ];
  for (const [specs, title, subtitle, sortTitle] of cases) {
    const b = uni(...specs);
    assert.equal(b.title, title, specs.join(' | '));
    assert.equal(b.subtitle, subtitle, specs.join(' | '));
    assert.equal(b.sortTitle, sortTitle, specs.join(' | '));
  }
});

test('UNIMARC authors: 700/701/702 names and French roles from $4, corporate 710-712, main entries first', () => {
  const b = uni(
    '200 1 $aTitre',
    '701  1$aGoscinny$bRené$4070',
    '700  1$aHugo$bVictor$f1802-1885$4070',
    '702  1$aBaynes$bPauline$4440',
    '702  1$aLedoux$bFrançois$4730',
    '702  1$aDupont$bJean',
    '702  1$aMartin$bPaul$4999',
    '702  1$aLouis$dXIV$4651',
    '701  1$aAsimov$b, Isaac$470',
    '700  1$aHugo$bVictor$4070',
    '710 02$aFrance$bMinistère de la culture$4340',
    '712 02$aGallimard$4650',
  );
  assert.deepEqual(b.authors, [
    { name: 'Hugo, Victor', role: 'Auteur', roleCode: '070' },
    { name: 'France. Ministère de la culture', role: 'Éditeur scientifique', roleCode: '340' },
    { name: 'Goscinny, René', role: 'Auteur', roleCode: '070' },
    { name: 'Baynes, Pauline', role: 'Illustrateur', roleCode: '440' },
    { name: 'Ledoux, François', role: 'Traducteur', roleCode: '730' },
    { name: 'Dupont, Jean', role: 'Collaborateur', roleCode: null },
    { name: 'Martin, Paul', role: 'Collaborateur', roleCode: '999' },
    { name: 'Louis XIV', role: 'Directeur de publication', roleCode: '651' },
    { name: 'Asimov, Isaac', role: 'Auteur', roleCode: '70' },
    { name: 'Gallimard', role: 'Éditeur commercial', roleCode: '650' },
  ]);
});

test('UNIMARC relator codes give French labels', () => {
  const cases: [string, string][] = [
    ['070', 'Auteur'], ['440', 'Illustrateur'], ['730', 'Traducteur'], ['230', 'Compositeur'], ['590', 'Interprète'],
    ['300', 'Réalisateur'], ['651', 'Directeur de publication'], ['340', 'Éditeur scientifique'], ['080', 'Préfacier'],
    ['690', 'Scénariste'], ['600', 'Photographe'], ['550', 'Narrateur'], ['205', 'Collaborateur'], ['075', 'Postfacier'],
  ];
  for (const [code, label] of cases) {
    assert.deepEqual(uni(`702  1$aX$bY$4${code}`).authors, [{ name: 'X, Y', role: label, roleCode: code }], code);
  }
});

test('UNIMARC subjects: 600-608 headings with $j $x $y $z joined " -- ", 610 terms one by one', () => {
  const b = uni(
    '600  1$aHugo$bVictor$f1802-1885$xCritique et interprétation',
    '600  1$aNapoléon$dIer$cempereur des Français$f1769-1821',
    '601 02$aFrance$bArmée$xHistoire',
    '606   $3123$aChats$xComportement$yFrance$z20e siècle.',
    '606   $aChats$xComportement$yFrance$z20e siècle',
    '607   $aParis (France)$xHistoire$z1870-1940',
    '608   $aRomans policiers',
    '610 0 $aPolar$aHumour',
  );
  assert.deepEqual(b.subjects, [
    'Hugo, Victor (1802-1885) -- Critique et interprétation',
    'Napoléon Ier, empereur des Français (1769-1821)',
    'France. Armée -- Histoire',
    'Chats -- Comportement -- France -- 20e siècle',
    'Paris (France) -- Histoire -- 1870-1940',
    'Romans policiers',
    'Polar',
    'Humour',
  ]);
});

test('UNIMARC imprint: 214 publication before 210, place $a, publisher $c, year $d then 100$a/9-12', () => {
  const cases: [specs: string[], place: string | null, publisher: string | null, year: number | null][] = [
    [['210   $aParis :$cGallimard,$d1998.'], 'Paris', 'Gallimard', 1998],
    [['210   $aParis$cGallimard$dDL 2015'], 'Paris', 'Gallimard', 2015],
    [['214  4$dcop. 2014', '214  0$aParis$cSeuil$d2015'], 'Paris', 'Seuil', 2015],
    [['210   $a[Paris]$c[s.n.]$d[1875?]'], 'Paris', null, 1875],
    [['210   $a[S.l.]$cImpr. nationale$dc1900'], null, 'Impr. nationale', 1900],
    [['210   $aLieu de publication non identifié$cÉditeur non identifié'], null, null, null],
    [[u100({ date1: '1987' }), '210   $aLyon$cBéal'], 'Lyon', 'Béal', 1987],
    [[u100({ date1: '19uu' }), '210   $aLyon'], 'Lyon', null, null],
    [[u100({ date1: '1987' }), '210   $aLyon$d[19..]'], 'Lyon', null, 1987],
    [[], null, null, null],
  ];
  for (const [specs, place, publisher, year] of cases) {
    const b = uni(...specs);
    assert.equal(b.publicationPlace, place, specs.join(' | '));
    assert.equal(b.publisher, publisher, specs.join(' | '));
    assert.equal(b.year, year, specs.join(' | '));
  }
});

test('UNIMARC identifiers, language, series, physical description and notes', () => {
  const b = uni(
    '010   $a2-07-036822-X$bbr.$d7 EUR',
    '010   $a978-2-07-036822-8 (rel.)',
    '010   $z2-07-000000-0',
    '010   $a2-07-036822-X',
    '011   $a0395-2037',
    '101 0 $aFRE$aeng',
    '200 1 $aTitre',
    '215   $a1 vol. (320 p.)$cill. en coul.$d24 cm$e1 CD audio',
    '225 2 $aFolio$x0768-0732$v1234',
    '225 2 $aFolio junior$iPoésie$v12',
    '300   $aTraduit de l\'anglais.',
    '327 1 $aChapitre 1$aChapitre 2',
    '330   $aUn résumé.',
    '410  0$tFolio$v1234',
    '461  0$tAstérix$v12',
  );
  assert.deepEqual(b.isbns, ['207036822X', '9782070368228']);
  assert.deepEqual(b.issns, ['0395-2037']);
  assert.equal(b.language, 'fre');
  assert.deepEqual(b.series, ['Folio', 'Folio junior. Poésie', 'Astérix']);
  assert.equal(b.physicalDescription, '1 vol. (320 p.) : ill. en coul. ; 24 cm + 1 CD audio');
  assert.deepEqual(b.notes, ["Traduit de l'anglais.", 'Chapitre 1 -- Chapitre 2', 'Un résumé.']);
});

test('UNIMARC 410 with embedded fields ($1 2001 $a...) gives the series title', () => {
  const b = uni('200 1 $aL\'altra faccia', '410  0$1001IT\\ICCU\\CFI\\0012751$12001 $aBestsellers$v641');
  assert.deepEqual(b.series, ['Bestsellers']);
});

test('UNIMARC document type from leader/06-07 and hints', () => {
  const cases: [type: string, level: string, extra: string[], expected: string][] = [
    ['a', 'm', [], 'book'],
    ['a', 's', [], 'periodical'],
    ['a', 'm', ['200 1 $aTitre$bTexte imprimé'], 'book'],
    ['b', 'm', [], 'manuscript'],
    ['c', 'm', [], 'score'],
    ['d', 'm', [], 'score'],
    ['e', 'm', [], 'map'],
    ['f', 'm', [], 'map'],
    ['g', 'm', [], 'film'],
    ['i', 'm', [], 'audiobook'],
    ['j', 'm', [], 'music'],
    ['j', 's', [], 'music'], // a musical serial stays a recording
    ['k', 'm', [], 'image'],
    ['l', 'm', [], 'ebook'],
    ['l', 's', [], 'periodical'], // an electronic journal
    ['l', 'm', ['135   $agu'], 'game'],
    ['l', 'm', ['135   $adr'], 'ebook'],
    ['m', 'm', [], 'other'],
    ['r', 'm', [], 'game'],
    ['a', 'm', ['135   $adr'], 'ebook'],
    ['a', 'm', ['106   $as'], 'ebook'],
    ['a', 'm', ['106   $ar'], 'book'],
    ['a', 'm', ['182   $ab'], 'ebook'],
    ['a', 'm', ['200 1 $aTitre$b[Ressource électronique]'], 'ebook'],
    [' ', 'm', ['200 1 $aTitre$bEnregistrement sonore musical'], 'music'],
    [' ', 'm', ['200 1 $aTitre$bEnregistrement sonore non musical'], 'audiobook'],
    [' ', 'm', ['200 1 $aTitre$bImages animées'], 'film'],
    [' ', 'm', ['200 1 $aTitre'], 'other'],
  ];
  for (const [type, level, extra, expected] of cases) {
    const b = mapRecord(rec(leader(UNI_LEADER, type, level), ...extra), 'unimarc');
    assert.equal(b.documentType, expected, `${type}${level} ${extra.join(' | ')}`);
  }
});

test('UNIMARC comics: 105 form code, genre headings, Dewey 741.5, BD shelf marks', () => {
  const cases: [extra: string[], expected: string][] = [
    [['105   $ay   t   000yy'], 'comic'],
    [['105   $a||||z   00|||'], 'book'],
    [['608   $aBandes dessinées'], 'comic'],
    [['608   $aMangas'], 'comic'],
    [['606   $aChats$jBandes dessinées'], 'comic'],
    [['606   $aChats$xBandes dessinées'], 'comic'],
    [['606   $aBandes dessinées$xHistoire et critique'], 'book'], // a book about comics
    [['610   $aManga'], 'comic'],
    [['676   $a741.5'], 'comic'],
    [['686   $aBD$2local'], 'comic'],
    [['995   $bBIB1$fB1$kBD GOS'], 'comic'],
    [['995   $bBIB1$fB1$kR GOS'], 'book'],
  ];
  for (const [extra, expected] of cases) {
    assert.equal(uni('200 1 $aTitre', ...extra).documentType, expected, extra.join(' | '));
  }
  assert.equal(uni('200 1 $aAstérix$bBande dessinée').documentType, 'comic');
  // A comics magazine is a periodical; a comic on an electronic leader stays an e-book.
  assert.equal(mapRecord(rec(leader(UNI_LEADER, 'a', 's'), '608   $aBandes dessinées'), 'unimarc').documentType, 'periodical');
  assert.equal(mapRecord(rec(leader(UNI_LEADER, 'l'), '608   $aBandes dessinées'), 'unimarc').documentType, 'ebook');
});

test('UNIMARC audience from 100$a/17-19', () => {
  const cases: [string, string | null][] = [
    ['a', 'youth'], ['b', 'youth'], ['c', 'youth'], ['d', 'youth'], ['e', 'teen'], ['k', 'adult'], ['m', 'adult'],
    ['u', null], ['', null], ['|||', null], ['de', 'teen'], ['bc', 'youth'], ['em', 'general'], ['cm', 'general'],
  ];
  for (const [codes, expected] of cases) assert.equal(uni(u100({ audience: codes })).audience, expected, JSON.stringify(codes));
  assert.equal(uni('200 1 $aTitre').audience, null);
  assert.equal(uni('100   $a2020').audience, null); // truncated 100 does not throw
});

// ---------------------------------------------------------------------------------------------
// MARC21 mapping

test('MARC21 title: 245 $a $n $p, $b subtitle, ISBD punctuation, ind2 non-filing characters', () => {
  const cases: [spec: string, title: string, subtitle: string | null, sortTitle: string][] = [
    ['245 14$aThe hobbit :$bor there and back again /$cJ.R.R. Tolkien.', 'The hobbit', 'or there and back again', 'hobbit'],
    ['245 10$aHarry Potter.$nPart 1,$pThe beginning /$cJ.K. Rowling.', 'Harry Potter. Part 1, The beginning', null, 'Harry Potter. Part 1, The beginning'],
    ['245 13$aLe petit prince ;$bcomédie.', 'Le petit prince', 'comédie', 'petit prince'],
    ['245 12$aL\'étranger /', "L'étranger", null, 'étranger'],
    ['245 00$a\u0098The \u009cbook of dance.', 'The book of dance', null, 'book of dance'],
    ['245 10$aOpen source GIS$h[electronic resource] :$ba GRASS GIS approach /', 'Open source GIS', 'a GRASS GIS approach', 'Open source GIS'],
    ['245 19$aA', 'A', null, 'A'], // a count longer than the title is ignored
    ['245 00$b: only a subtitle', UNTITLED, 'only a subtitle', UNTITLED],
  ];
  for (const [spec, title, subtitle, sortTitle] of cases) {
    const b = m21(spec);
    assert.equal(b.title, title, spec);
    assert.equal(b.subtitle, subtitle, spec);
    assert.equal(b.sortTitle, sortTitle, spec);
  }
  assert.equal(m21('240 10$aHamlet.').title, 'Hamlet');
  assert.equal(m21('500   $aNo title here.').title, UNTITLED);
});

test('MARC21 authors: 1XX then 7XX, roles from $4 codes and $e terms in French', () => {
  const b = m21(
    '100 1 $aTolkien, J. R. R.$q(John Ronald Reuel),$d1892-1973,$eauthor.',
    '245 14$aThe hobbit',
    '700 1 $aBaynes, Pauline,$eillustrator.',
    '700 1 $aLedoux, Francis,$4trl',
    '700 1 $aShore, Howard,$4http://id.loc.gov/vocabulary/relators/cmp',
    '700 1 $aDupont, Jean.',
    '700 1 $aMartin, Paul,$etrad.',
    '700 1 $aMoebius,$eDessinateur.',
    '700 1 $aJackson, Peter,$efilm director.',
    '700 1 $aSerkis, Andy,$eperformer,$enarrator.',
    '700 0 $aElizabeth$bII,$cQueen of Great Britain,$d1926-2022.',
    '700 1 $aBaynes, Pauline,$eillustrator.',
    '710 2 $aUnited States.$bDept. of State.',
    '711 2 $aWorld Science Fiction Convention$jissuing body.',
  );
  assert.deepEqual(b.authors, [
    { name: 'Tolkien, J. R. R.', role: 'Auteur', roleCode: null },
    { name: 'Baynes, Pauline', role: 'Illustrateur', roleCode: null },
    { name: 'Ledoux, Francis', role: 'Traducteur', roleCode: 'trl' },
    { name: 'Shore, Howard', role: 'Compositeur', roleCode: 'cmp' },
    { name: 'Dupont, Jean', role: 'Collaborateur', roleCode: null },
    { name: 'Martin, Paul', role: 'Traducteur', roleCode: null },
    { name: 'Moebius', role: 'Dessinateur', roleCode: null },
    { name: 'Jackson, Peter', role: 'Réalisateur', roleCode: null },
    { name: 'Serkis, Andy', role: 'Interprète', roleCode: null },
    { name: 'Elizabeth II', role: 'Collaborateur', roleCode: null },
    { name: 'United States. Dept. of State', role: 'Collaborateur', roleCode: null },
    { name: 'World Science Fiction Convention', role: 'Collectivité éditrice', roleCode: null },
  ]);
});

test('MARC21 relator codes give French labels', () => {
  const cases: [string, string][] = [
    ['aut', 'Auteur'], ['ill', 'Illustrateur'], ['trl', 'Traducteur'], ['cmp', 'Compositeur'], ['prf', 'Interprète'],
    ['drt', 'Réalisateur'], ['pbd', 'Directeur de publication'], ['edt', 'Éditeur scientifique'], ['aus', 'Scénariste'],
    ['nrt', 'Narrateur'], ['pht', 'Photographe'], ['wpr', 'Préfacier'], ['clr', 'Coloriste'],
  ];
  for (const [code, label] of cases) {
    assert.deepEqual(m21(`700 1 $aX, Y,$4${code}`).authors, [{ name: 'X, Y', role: label, roleCode: code }], code);
  }
  // A code we do not know falls back on $e, then on the default role; the code is kept as found.
  assert.deepEqual(m21('700 1 $aX, Y,$eeditor,$4zzz').authors, [{ name: 'X, Y', role: 'Éditeur scientifique', roleCode: 'zzz' }]);
  assert.deepEqual(m21('100 1 $aX, Y,$4zzz').authors, [{ name: 'X, Y', role: 'Auteur', roleCode: 'zzz' }]);
});

test('MARC21 subjects: 600/610/611/630/650/651/655 with $v $x $y $z joined " -- ", 653 terms', () => {
  const b = m21(
    '600 10$aHugo, Victor,$d1802-1885$xCriticism and interpretation.',
    '610 20$aUnited States.$bCongress$xHistory.',
    '611 20$aOlympic Games$n(23rd :$d1984 :$cLos Angeles, Calif.)',
    '630 00$aBible.$pNew Testament$xCommentaries.',
    '650  0$aDance$xHistory$y20th century.',
    '650  0$aDance$xHistory$y20th century.',
    '651  0$aFrance$xHistory$yRevolution, 1789-1799$vJuvenile literature.',
    '655  7$aRomans policiers.$2rameau',
    '653   $aPolar$aHumour',
  );
  assert.deepEqual(b.subjects, [
    'Hugo, Victor, 1802-1885 -- Criticism and interpretation',
    'United States. Congress -- History',
    'Olympic Games (23rd : 1984 : Los Angeles, Calif.)',
    'Bible. New Testament -- Commentaries',
    'Dance -- History -- 20th century',
    'France -- History -- Revolution, 1789-1799 -- Juvenile literature',
    'Romans policiers',
    'Polar',
    'Humour',
  ]);
});

test('MARC21 imprint: 264 _1 before 260, year from $c then 008/07-10', () => {
  const cases: [specs: string[], place: string | null, publisher: string | null, year: number | null][] = [
    [['264  1$aParis :$bGallimard,$c[2015]', '264  4$c©2014'], 'Paris', 'Gallimard', 2015],
    [['264  4$c©2014', '264  1$aParis :$bGallimard'], 'Paris', 'Gallimard', 2014],
    [['260   $aNew York :$bPenguin,$cc1998.'], 'New York', 'Penguin', 1998],
    [['260   $aOakland, Calif. :$bMills College Library,$c1984.'], 'Oakland, Calif.', 'Mills College Library', 1984],
    [['260   $a[S.l.] :$b[s.n.],$c[1875?]'], null, null, 1875],
    [['264  1$a[Place of publication not identified] :$b[publisher not identified],$c[2016]'], null, null, 2016],
    [[m008({ date1: '1999' }), '260   $aParis'], 'Paris', null, 1999],
    [[m008({ date1: '19uu' })], null, null, null],
  ];
  for (const [specs, place, publisher, year] of cases) {
    const b = m21(...specs);
    assert.equal(b.publicationPlace, place, specs.join(' | '));
    assert.equal(b.publisher, publisher, specs.join(' | '));
    assert.equal(b.year, year, specs.join(' | '));
  }
});

test('MARC21 identifiers, language, series, physical description and notes', () => {
  const b = m21(
    m008({ lang: 'eng' }),
    '020   $a0-19-852663-6 (pbk.) :$c£5.99',
    '020   $z0198526637',
    '020   $a9780198526636',
    '022 0 $a0395-2037$y0000-0000',
    '041 0 $afreeng',
    '245 10$aTitle',
    '300   $axii, 300 p. :$bill. ;$c24 cm +$e1 CD-ROM.',
    '490 1 $aHarry Potter ;$v1',
    '500   $aTranslated from the French.',
    '505 00$tChapter one --$tChapter two.',
    '520   $aA summary.',
    '596   $a2 14',
    '800 1 $aRowling, J. K.$tHarry Potter ;$v1.',
    '830  0$aHarry Potter.',
    '830  0$aOxford world\'s classics.',
  );
  assert.deepEqual(b.isbns, ['0198526636', '9780198526636']);
  assert.deepEqual(b.issns, ['0395-2037']);
  assert.equal(b.language, 'eng');
  assert.deepEqual(b.series, ['Harry Potter', "Oxford world's classics"]);
  assert.equal(b.physicalDescription, 'xii, 300 p. : ill. ; 24 cm + 1 CD-ROM.');
  assert.deepEqual(b.notes, ['Translated from the French.', 'Chapter one -- Chapter two', 'A summary.']);
});

test('MARC21 language: 008/35-37, else the first code of 041$a', () => {
  assert.equal(m21(m008({ lang: 'fre' })).language, 'fre');
  assert.equal(m21(m008({ lang: '   ' }), '041 0 $aengfre').language, 'eng');
  assert.equal(m21(m008({ lang: '|||' }), '041 0 $aGER').language, 'ger');
  assert.equal(m21(m008({ lang: '   ' })).language, null);
  assert.equal(m21('245 00$aNo 008').language, null);
});

test('MARC21 document type from leader/06-07, 008, 006, 007, 245$h, 337/338, 856', () => {
  const cases: [type: string, level: string, extra: string[], expected: string][] = [
    ['a', 'm', [m008()], 'book'],
    ['a', 's', [m008()], 'periodical'],
    ['a', 's', [m008({ form: 'o' })], 'periodical'], // an e-journal is a periodical
    ['t', 'm', [], 'manuscript'],
    ['c', 'm', [], 'score'],
    ['d', 'm', [], 'score'],
    ['e', 'm', [], 'map'],
    ['f', 'm', [], 'map'],
    ['g', 'm', [], 'film'],
    ['i', 'm', [], 'audiobook'],
    ['j', 'm', [], 'music'],
    ['k', 'm', [], 'image'],
    ['m', 'm', [], 'ebook'],
    ['m', 'm', [m008({ at26: 'g' })], 'game'],
    ['o', 'm', [], 'game'],
    ['p', 'm', [], 'other'],
    ['r', 'm', [], 'game'],
    ['a', 'm', [m008({ form: 'o' })], 'ebook'],
    ['a', 'm', [m008({ form: 's' })], 'ebook'],
    ['a', 'm', [m008({ form: 'r' })], 'book'],
    ['a', 'm', ['006 m     o  d        '], 'ebook'],
    ['a', 'm', ['006 a     o    000 0 '], 'ebook'],
    ['a', 'm', ['245 00$aTitle$h[electronic resource]'], 'ebook'],
    ['a', 'm', ['245 00$aTitre$h[Ressource électronique]'], 'ebook'],
    ['a', 'm', ['338   $aonline resource$bcr$2rdacarrier'], 'ebook'],
    ['a', 'm', ['337   $acomputer$bc$2rdamedia'], 'ebook'],
    ['a', 'm', ['856 40$uhttp://example.org/book.epub'], 'ebook'],
    ['a', 'm', ['300   $a1 online resource (320 pages)', '856 40$uhttp://example.org/book'], 'ebook'],
    ['a', 'm', ['300   $a320 p.', '856 40$uhttp://example.org/book'], 'book'], // print record with a link
    ['a', 'm', ['007 cr |||||||||||', '300   $a78 p.', '856 41$uhttp://hdl.loc.gov/x'], 'book'], // digitised copy (LoC)
    ['a', 'm', ['856 42$uhttp://example.org/toc'], 'book'], // related resource only
    [' ', 'm', ['245 00$aTitle'], 'other'],
  ];
  for (const [type, level, extra, expected] of cases) {
    const b = mapRecord(rec(leader(M21_LEADER, type, level), ...extra), 'marc21');
    assert.equal(b.documentType, expected, `${type}${level} ${extra.join(' | ')}`);
  }
});

test('MARC21 comics: 008/33 c, 008/24-27 6, genre terms, Dewey 741.5, BD shelf marks', () => {
  const cases: [extra: string[], expected: string][] = [
    [[m008({ literary: 'c' })], 'comic'],
    [[m008({ nature: '6   ' })], 'comic'],
    [[m008({ literary: '1' })], 'book'],
    [['650  0$aCats$vComic books, strips, etc.'], 'comic'],
    [['650  0$aComic books, strips, etc.$xHistory and criticism.'], 'book'], // about comics
    [['655  7$aGraphic novels.$2lcgft'], 'comic'],
    [['655  7$aBandes dessinées.$2rameau'], 'comic'],
    [['082 04$a741.5/973$223'], 'comic'],
    [['952   $aBIB1$pB1$oBD TIN'], 'comic'],
    [['952   $aBIB1$pB1$oR TIN'], 'book'],
  ];
  for (const [extra, expected] of cases) assert.equal(m21('245 00$aTitle', ...extra).documentType, expected, extra.join(' | '));
  // 008/33 'c' is read in the books layout only: on a serial it means something else.
  assert.equal(mapRecord(rec(leader(M21_LEADER, 'a', 's'), m008({ literary: 'c' })), 'marc21').documentType, 'periodical');
});

test('MARC21 audience from 008/22 where it is the target audience', () => {
  const cases: [string, string | null][] = [
    ['a', 'youth'], ['b', 'youth'], ['c', 'youth'], ['j', 'youth'], ['d', 'teen'], ['e', 'adult'], ['f', 'adult'],
    ['g', 'general'], [' ', null], ['|', null],
  ];
  for (const [code, expected] of cases) assert.equal(m21(m008({ audience: code })).audience, expected, code);
  // Music, video and computer files use 008/22 too; serials (form of original) and maps do not.
  assert.equal(mapRecord(rec(leader(M21_LEADER, 'j'), m008({ audience: 'j' })), 'marc21').audience, 'youth');
  assert.equal(mapRecord(rec(leader(M21_LEADER, 'g'), m008({ audience: 'd' })), 'marc21').audience, 'teen');
  assert.equal(mapRecord(rec(leader(M21_LEADER, 'a', 's'), m008({ audience: 'a' })), 'marc21').audience, null);
  assert.equal(mapRecord(rec(leader(M21_LEADER, 'e'), m008({ audience: 'a' })), 'marc21').audience, null);
  assert.equal(m21('008 short').audience, null);
});

test('mapRecord does not throw on odd records', () => {
  const odd: MarcRecord[] = [
    { leader: '', fields: [] },
    rec('x', '245   ', '100   ', '700   $4', '260   $c', '020   $a', '650   '),
    rec(UNI_LEADER, '200   ', '100   $a', '700   $4', '210   $d', '010   $a', '606   ', '995   '),
  ];
  for (const r of odd) {
    for (const flavour of ['unimarc', 'marc21'] as const) {
      const b = mapRecord(r, flavour);
      assert.equal(b.title, UNTITLED);
      assert.equal(b.flavour, flavour);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Real records (shared/data), read with the project's readers. (Every assert.ok has a message: without
// one, node:assert re-reads the source to describe the failure, which hangs under tsx.)

async function readShared(...parts: string[]): Promise<MarcRecord[]> {
  const { readMarcBuffer } = await import('./readers.js');
  const out: MarcRecord[] = [];
  for (const item of readMarcBuffer(readFileSync(sharedFile(...parts)))) if (item.ok) out.push(item.record);
  return out;
}

test('real UNIMARC: BnF records (ISO 2709, MARCXML and MARC-in-JSON map the same)', { skip: sharedDataSkip() }, async () => {
  const iso = await readShared('unimarc', 'marcjs-bnf-6.unimarc.iso2709.mrc');
  assert.equal(iso.length, 6);
  const mapped = iso.map((r) => {
    assert.equal(detectFlavour(r), 'unimarc');
    assert.equal(recordKind(r, 'unimarc'), 'bibliographic');
    return mapRecord(r, 'unimarc');
  });
  const first = mapped[0]!;
  assert.equal(first.controlNumber, 'FRBNF323046990000009');
  assert.equal(first.title, 'Greek printing types');
  assert.match(first.subtitle ?? '', /^1465-1927, facsimiles/);
  assert.deepEqual(first.authors, [{ name: 'Kenyon, Frederic George', role: 'Préfacier', roleCode: '080' }]);
  assert.equal(first.year, 1927);
  assert.equal(first.language, 'eng');
  assert.equal(first.audience, 'adult');
  assert.equal(first.documentType, 'book');
  const last = mapped[5]!;
  assert.equal(last.title, 'La gravure en France au XVIe siècle');
  assert.deepEqual(last.subjects, ['Gravure -- France -- 16e siècle', 'Ornements (art) -- France -- 16e siècle']);
  assert.equal(last.physicalDescription, '1 vol. (64 p., 72 pl.) ; in-4');

  for (const other of ['marcjs-bnf-6.unimarc.marcxml', 'marcjs-bnf-6.unimarc.mij.json']) {
    const recs = await readShared('unimarc', other);
    assert.deepEqual(recs.map((r) => mapRecord(r, detectFlavour(r))), mapped, other);
  }
});

test('real UNIMARC: Sciences Po serials are periodicals with normalised ISSNs', { skip: sharedDataSkip() }, async () => {
  const recs = await readShared('unimarc', 'fnsp-sciencespo-periodicals-3064.unimarc.iso2709.mrc');
  assert.equal(recs.length, 3064);
  let issns = 0;
  for (const r of recs) {
    assert.equal(detectFlavour(r), 'unimarc');
    const b = mapRecord(r, 'unimarc');
    assert.equal(b.documentType, 'periodical', b.title);
    assert.notEqual(b.title, UNTITLED);
    for (const issn of b.issns) assert.match(issn, /^\d{4}-\d{3}[\dX]$/);
    issns += b.issns.length;
  }
  assert.ok(issns > 1000, `${issns} ISSNs`);
  const b = mapRecord(recs[1]!, 'unimarc');
  assert.equal(b.title, '20 century British history');
  assert.deepEqual(b.issns, ['0955-2359']);
  assert.equal(b.publisher, 'Oxford University Press');
  assert.equal(b.year, 1990);
});

test('real UNIMARC: Italian SBN record with <<...>> or NSB/NSE markers and embedded 410', { skip: sharedDataSkip() }, async () => {
  const [r] = await readShared('unimarc', 'pymarc-testunimarc-1.unimarc.iso2709.mrc');
  assert.equal(detectFlavour(r!), 'unimarc');
  const b = mapRecord(r!, 'unimarc');
  assert.equal(b.title, "L'altra faccia della spirale");
  assert.equal(b.sortTitle, 'altra faccia della spirale');
  assert.deepEqual(b.isbns, ['8804406828']);
  assert.deepEqual(b.series, ['Bestsellers', 'Il ciclo delle fondazioni']);
  assert.deepEqual(b.authors[0], { name: 'Asimov, Isaac', role: 'Auteur', roleCode: '070' });
  const bnr = await readShared('unimarc', 'qa-catalogue-bnr-short-10.unimarc.iso2709.mrc');
  const fig = bnr.map((x) => mapRecord(x, detectFlavour(x))).find((x) => x.title === 'The sweetest fig');
  assert.ok(fig, 'The sweetest fig');
  assert.equal(fig.sortTitle, 'sweetest fig');
  assert.deepEqual(fig.authors, [{ name: 'Van Allsburg, Chris', role: 'Auteur', roleCode: null }]);
});

test('real MARC21: UVA (MARC-8), LoC and Evergreen records', { skip: sharedDataSkip() }, async () => {
  const uva = await readShared('marc21', 'solrmarc-uva-sirsi-2000.marc8.iso2709.mrc');
  assert.equal(uva.length, 2000);
  const types = new Map<string, number>();
  for (const r of uva) {
    assert.equal(detectFlavour(r), 'marc21');
    assert.equal(recordKind(r, 'marc21'), 'bibliographic');
    const b = mapRecord(r, 'marc21');
    types.set(b.documentType, (types.get(b.documentType) ?? 0) + 1);
  }
  assert.ok((types.get('book') ?? 0) > 1800, `books: ${types.get('book')}`);
  assert.ok((types.get('periodical') ?? 0) > 20, `periodicals: ${types.get('periodical')}`);
  const u1 = mapRecord(uva[0]!, 'marc21');
  assert.equal(u1.controlNumber, 'u1');
  assert.equal(u1.sortTitle, u1.title.slice(4)); // 245 ind2 4: "The "
  assert.deepEqual(u1.authors, [{ name: 'Roatcap, Adela Spindler', role: 'Auteur', roleCode: null }]);
  assert.equal(u1.publicationPlace, 'Oakland, Calif.');
  assert.equal(u1.publisher, 'Mills College Library');
  assert.equal(u1.year, 1984);
  assert.equal(u1.physicalDescription, '40 p. : ill. (some col.), ports. ; 31 cm.');
  assert.deepEqual(u1.notes, ['"Bibliographies of dancing": p. 37 plus']); // 596 "2 14" (no letter) dropped

  // LoC print books that carry 007 "cr" and an 856 to their digitised copy stay books.
  const loc = await readShared('marc21', 'loc-booksall-2014-sample-100.utf8.iso2709.mrc');
  for (const r of loc) {
    const b = mapRecord(r, detectFlavour(r));
    assert.equal(b.documentType, 'book', b.title);
    assert.notEqual(b.year, null);
  }
  // Evergreen OSS: computer files (leader/06 m) are e-books.
  const oss = await readShared('marc21', 'evergreen-oss-42.marc8.iso2709.mrc');
  assert.equal(oss.map((r) => mapRecord(r, 'marc21')).filter((b) => b.documentType === 'ebook').length, 14);
});

test('real authority and holdings records are recognised', { skip: sharedDataSkip() }, async () => {
  const auth = await readShared('authorities', 'evergreen-iish-dutch-authorities-1066.iso2709.mrc');
  assert.equal(auth.length, 1066);
  for (const r of auth) assert.equal(recordKind(r, detectFlavour(r)), 'authority');
  const mfhd = await readShared('marc21', 'evergreen-serials-mfhd-holdings.marcxml');
  assert.equal(mfhd.length, 7);
  for (const r of mfhd) assert.equal(recordKind(r, detectFlavour(r)), 'holdings');
  const bibs = await readShared('marc21', 'evergreen-serials-bibs.marcxml');
  for (const r of bibs) assert.equal(recordKind(r, detectFlavour(r)), 'bibliographic');
});
