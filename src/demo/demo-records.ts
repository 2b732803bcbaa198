// The demo catalogue: deterministic UNIMARC records with 995 holdings, for a French public library
// network. Records are drawn one after the other from a single seeded stream, and every counter
// (barcodes, ISBNs, series numbers) only moves forward, so record n is the same whatever the total
// count: asking for 100 records gives the first 100 of a 100,000-record build.
//
// The first records walk once through every kind below, so even a tiny build has every document type
// and audience; after that kinds are drawn with weights that look like a public library's collection.
//
// UNIMARC conventions used (IFLA UNIMARC Bibliographic, 3rd ed.; BnF practice for the rest):
// - leader/6 type of record, leader/7 'm' monograph or 's' serial;
// - 100 $a/17-19 target audience: 'b' pre-school, 'c' primary, 'a' juvenile general -> youth;
//   'e' young adult -> teen; 'm' adult general, 'k' adult serious -> adult; "am" (a juvenile code and
//   an adult code together) -> general, "tout public". Code 'd' (ages 9-14) is not used, being
//   ambiguous between youth and teen;
// - 608 "Bandes dessinées" marks comics (manga also carry "Mangas");
// - 995 (the French holdings field, as in Koha UNIMARC): $b owner, $c holder, $e shelving location,
//   $f barcode, $k call number, $r loan type, $v issue for serials.

import type { DataField, Field, MarcRecord, Subfield } from '../marc/record.js';
import { Rng } from './demo-random.js';
import { ean13, ean13CheckDigit, isbn10CheckDigit, issnCheckDigit } from './demo-codes.js';
import * as W from './demo-words.js';
import type { Person, Publisher, Topic } from './demo-words.js';

export const DEMO_LIBRARY_CODES = ['CENTRALE', 'TILLEULS', 'STAUBIN'] as const;
export type DemoLibraryCode = (typeof DEMO_LIBRARY_CODES)[number];
export const DEMO_LOAN_TYPE_CODES = ['STD', '1SEM', 'DVD', 'REF'] as const;
export type DemoLoanTypeCode = (typeof DEMO_LOAN_TYPE_CODES)[number];

/** Barcodes of items: EAN-13 "39001" + 7-digit serial + check digit (cards use "29001"). */
export const ITEM_BARCODE_PREFIX = '39001';

const RECORD_SEED = 0x5eed_c0de;
const POOL_SEED = 0x00c0_1090;

/** Audience codes for 100 $a/17-19, three characters. */
const AUD = {
  adult: 'm  ',
  adultSerious: 'k  ',
  teen: 'e  ',
  youth: 'a  ',
  preschool: 'b  ',
  primary: 'c  ',
  general: 'am ',
} as const;
type AudKey = keyof typeof AUD;

/** General material designations (ISBD, French forms as in BnF records). */
const GMD = {
  text: 'Texte imprimé',
  manuscript: 'Texte manuscrit',
  score: 'Musique imprimée',
  map: 'Document cartographique imprimé',
  video: 'Images animées',
  spoken: 'Enregistrement sonore non musical',
  music: 'Enregistrement sonore musical',
  image: 'Image fixe',
  electronic: 'Ressource électronique',
  object: 'Objet',
} as const;

// -----------------------------------------------------------------------------------------------
// Record description, turned into MARC by assemble().

interface PersonEntry {
  tag: '700' | '701' | '702';
  p: Person;
  roles: string[];
}

interface HoldingSpec {
  location: string;
  call: string;
  loan: DemoLoanTypeCode | ((copy: number) => DemoLoanTypeCode);
  libraries?: readonly DemoLibraryCode[];
  count?: number;
  issues?: readonly string[];
}

interface Desc {
  type: string;
  level: 'm' | 's';
  dateType: 'd' | 'a' | 'b' | 'f';
  date1: number;
  date2?: string;
  audience: AudKey;
  entry?: string;
  lang: string;
  origLang?: string;
  subtitleLang?: string;
  country: string;
  isbn?: string;
  issn?: string;
  ean?: string;
  title: string;
  gmd: string;
  partNumber?: string;
  partTitle?: string;
  subtitle?: string;
  resp?: string;
  resp2?: string[];
  scale?: string;
  place?: string;
  publisher?: string;
  pubDate: string;
  extent: string;
  ill?: string;
  dims?: string;
  accomp?: string;
  series?: { title: string; number?: string };
  frequency?: string;
  notes: string[];
  summary?: string;
  subjects: Array<{ a: string; x?: string; y?: string; z?: string; j?: string }>;
  forms: string[];
  people: PersonEntry[];
  corporate: Array<{ name: string; role: string }>;
  url?: string;
  holdings?: HoldingSpec;
}

function baseDesc(init: Pick<Desc, 'type' | 'title' | 'gmd' | 'audience' | 'date1' | 'extent'> & Partial<Desc>): Desc {
  return {
    level: 'm',
    dateType: 'd',
    lang: 'fre',
    country: 'FR',
    pubDate: String(init.date1),
    notes: [],
    subjects: [],
    forms: [],
    people: [],
    corporate: [],
    ...init,
  };
}

// -----------------------------------------------------------------------------------------------
// Name pools: built once from their own seed, so they do not depend on the record count.

interface BdSeries {
  name: string;
  writer: Person;
  artist: Person;
  publisher: Publisher;
  audience: AudKey;
}

interface MangaSeries {
  name: string;
  author: Person;
  translator: Person;
  publisher: Publisher;
  audience: AudKey;
}

interface Pools {
  novelists: Person[];
  scholars: Person[];
  youthAuthors: Person[];
  illustrators: Person[];
  translators: Person[];
  musicians: Person[];
  directors: Person[];
  actors: Person[];
  designers: Person[];
  oldAuthors: Person[];
  bd: BdSeries[];
  manga: MangaSeries[];
  teenSeries: Array<{ name: string; author: Person; publisher: Publisher }>;
}

let poolsCache: Pools | null = null;

function pools(): Pools {
  if (poolsCache) return poolsCache;
  const rng = new Rng(POOL_SEED);
  const used = new Set<string>();
  const people = (n: number): Person[] => {
    const out: Person[] = [];
    while (out.length < n) {
      const p = { surname: rng.pick(W.SURNAMES), forename: rng.pick(W.FIRST_NAMES).name };
      const key = `${p.forename} ${p.surname}`;
      if (used.has(key)) continue;
      used.add(key);
      out.push(p);
    }
    return out;
  };
  const novelists = people(180);
  const scholars = people(120);
  const youthAuthors = people(70);
  const illustrators = people(60);
  const translators = people(30);
  const musicians = people(90);
  const directors = people(60);
  const actors = people(120);
  const designers = people(25);
  const oldAuthors: Person[] = [];
  while (oldAuthors.length < 40) {
    const p = { surname: rng.pick(W.OLD_SURNAMES), forename: rng.pick(W.OLD_FIRST_NAMES) };
    if (!oldAuthors.some((o) => o.surname === p.surname && o.forename === p.forename)) oldAuthors.push(p);
  }
  const bdWriters = people(20);
  const bdArtists = people(25);
  const bdAudiences: AudKey[] = ['general', 'adult', 'adult', 'youth', 'youth', 'general'];
  const bd = W.BD_SERIES.map((name, i) => ({
    name,
    writer: rng.pick(bdWriters),
    artist: rng.pick(bdArtists),
    publisher: rng.pick(W.BD_PUBLISHERS),
    audience: name === 'Armorix le Gaulois' ? 'general' : bdAudiences[i % bdAudiences.length]!,
  }));
  const manga = W.MANGA_SERIES.map((name, i) => ({
    name,
    author: W.FOREIGN_AUTHORS.jpn[i % W.FOREIGN_AUTHORS.jpn.length]!,
    translator: rng.pick(translators),
    publisher: rng.pick(W.MANGA_PUBLISHERS),
    audience: (i % 3 === 2 ? 'adult' : 'teen') as AudKey,
  }));
  const teenSeries = W.TEEN_SERIES.map((name) => ({ name, author: rng.pick(youthAuthors), publisher: rng.pick(W.TEEN_PUBLISHERS) }));
  poolsCache = {
    novelists, scholars, youthAuthors, illustrators, translators, musicians, directors, actors, designers,
    oldAuthors, bd, manga, teenSeries,
  };
  return poolsCache;
}

// -----------------------------------------------------------------------------------------------
// Generation context: the random stream and the counters that keep identifiers unique.

class Ctx {
  readonly rng = new Rng(RECORD_SEED);
  readonly pools = pools();
  private readonly isbnCounters = new Map<string, number>();
  private readonly seriesCounters = new Map<string, number>();
  private issnCounter = 0;
  private eanCounter = 0;
  private barcodeSerial = 0;
  private heritageCounter = 0;

  /** ISBN for a publisher and year: ISBN-10 before 2007, ISBN-13 after; none before 1975 or when
   *  the publisher's number range is used up (so ISBNs stay unique at any record count). */
  isbn(pub: Publisher, year: number): string | undefined {
    if (!pub.isbn || year < 1975) return undefined;
    const [group, code] = pub.isbn.split('-') as [string, string];
    const titleDigits = 9 - group.length - code.length;
    const space = 10 ** titleDigits;
    const n = this.isbnCounters.get(pub.isbn) ?? 0;
    if (n >= space) return undefined;
    this.isbnCounters.set(pub.isbn, n + 1);
    // 7919 is prime, hence coprime with 10^k: the mapping is a permutation of the title numbers.
    // The offset differs per publisher so that first titles do not all end alike.
    const offset = Number(group + code) * 104_729;
    const title = String((n * 7919 + offset) % space).padStart(titleDigits, '0');
    const body = group + code + title;
    if (year < 2007) return `${group}-${code}-${title}-${isbn10CheckDigit(body)}`;
    return `978-${group}-${code}-${title}-${ean13CheckDigit('978' + body)}`;
  }

  issn(): string {
    const n = this.issnCounter++;
    const body = String((n * 7919 + 1_234_567) % 10_000_000).padStart(7, '0');
    return `${body.slice(0, 4)}-${body.slice(4)}${issnCheckDigit(body)}`;
  }

  /** EAN-13 for CDs, DVDs and games (GS1 France prefixes are 300-379). */
  ean(): string {
    const n = this.eanCounter++;
    return ean13('34' + String((n * 7919 + 52_711) % 10_000_000_000).padStart(10, '0'));
  }

  barcode(): string {
    this.barcodeSerial++;
    return ean13(ITEM_BARCODE_PREFIX + String(this.barcodeSerial).padStart(7, '0'));
  }

  nextInSeries(name: string): number {
    const n = (this.seriesCounters.get(name) ?? 0) + 1;
    this.seriesCounters.set(name, n);
    return n;
  }

  heritageNumber(): number {
    return ++this.heritageCounter;
  }

  /** Year in [min, max], more often recent (libraries buy new books). */
  recentYear(min: number, max: number): number {
    const r = this.rng.float();
    return max - Math.floor(r * r * (max - min + 1));
  }
}

// -----------------------------------------------------------------------------------------------
// Small helpers.

const fullName = (p: Person): string => (p.forename ? `${p.forename} ${p.surname}` : p.surname);
const FICTION_GENRE_WEIGHTS = W.FICTION_GENRES.map((g) => [g, g.weight] as const);
const MUSIC_GENRE_WEIGHTS = W.MUSIC_GENRES.map((g) => [g, g.weight] as const);
const FILM_GENRE_WEIGHTS = W.FILM_GENRES.map((g) => [g, g.weight] as const);
const HERITAGE_PLACES = W.LOCAL_PLACES.filter((p) => p !== 'Les Tilleuls');
const OLD_FRENCH_CLASSICS = W.CLASSICS.filter((k) => !k.from && k.year < 1890);
const STORYTELLERS = W.CLASSICS.filter((k) => ['Daudet', 'Dumas', 'Sand', 'Maupassant'].includes(k.surname));
const aut3Cache = new Map<string, string>();
/** First three letters for a call number ("Lefèvre" -> "LEF"). */
function aut3(s: string): string {
  let v = aut3Cache.get(s);
  if (v === undefined) {
    v = W.asciiUpper(s).slice(0, 3).padEnd(3, 'X');
    aut3Cache.set(s, v);
  }
  return v;
}
/** "de" before a name, elided before a vowel: "de Tom Perrin", "d'Isabelle Morin". */
const deName = (p: Person): string => W.de(fullName(p));
const significant = (title: string): string => title.replace(/^(le |la |les |l'|un |une |des |the )/i, '');

function isbn10to13(isbn10: string): string {
  const body = '978' + isbn10.replace(/-/g, '').slice(0, 9);
  return `978-${isbn10.slice(0, -1)}${ean13CheckDigit(body)}`;
}

function pages(rng: Rng, min: number, max: number): string {
  return `1 vol. (${rng.int(min, max)} p.)`;
}

function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}

function seriesFrom(ctx: Ctx, pub: Publisher, p: number): Desc['series'] | undefined {
  if (!pub.series || !ctx.rng.chance(p)) return undefined;
  const title = ctx.rng.pick(pub.series);
  return ctx.rng.chance(0.7) ? { title, number: String(ctx.rng.int(1, 4800)) } : { title };
}

function frenchTitle(ctx: Ctx): string {
  const { rng } = ctx;
  const n = rng.pick(W.NOUN_PHRASES);
  switch (rng.int(0, 6)) {
    case 0:
      return W.cap(n.t) + ' ' + W.agree(rng.pick(W.ADJECTIVES), n);
    case 1: {
      let n2 = rng.pick(W.NOUN_PHRASES);
      if (n2 === n) n2 = rng.pick(W.NOUN_PHRASES);
      return W.cap(n.t) + ' ' + W.de(n2.t);
    }
    case 2:
      return W.cap(n.t) + ' ' + W.de(rng.pick(W.TITLE_PLACES));
    case 3:
      return rng.pick(W.TIME_PHRASES) + ' à ' + rng.pick(W.TITLE_PLACES);
    case 4:
      return rng.pick(W.WHEN_CLAUSES);
    case 5:
      return `Les ${rng.pick(['étés', 'silences', 'secrets', 'saisons', 'lettres', 'carnets', 'nuits'])} ${W.de(rng.pick(W.FIRST_NAMES).name)}`;
    default:
      return W.cap(n.t);
  }
}

function englishTitle(rng: Rng): string {
  return `The ${rng.pick(W.ENGLISH_TITLE_ADJ).toLowerCase()} ${rng.pick(W.ENGLISH_TITLE_NOUN).toLowerCase()}`;
}

function spanishTitle(rng: Rng): string {
  return rng.chance(0.5)
    ? `La ${rng.pick(W.SPANISH_TITLES_F)} ${rng.pick(W.SPANISH_ADJ_F)}`
    : `El ${rng.pick(W.SPANISH_TITLES_M)} ${rng.pick(W.SPANISH_ADJ_M)}`;
}

function originalTitle(rng: Rng, lang: string): string | undefined {
  if (lang === 'eng') return englishTitle(rng);
  if (lang === 'spa') return spanishTitle(rng);
  if (lang === 'ger') return rng.pick(W.GERMAN_TITLES);
  return undefined;
}

function novelSummary(rng: Rng): string {
  const who = rng.pick(W.FIRST_NAMES);
  return `${rng.pick(W.SUMMARY_OPENINGS)} ${who.name}, ${rng.int(16, 78)} ans, ${rng.pick(W.SUMMARY_MOVES)} ${rng.pick(W.TITLE_PLACES)}. ` +
    `${rng.pick(W.SUMMARY_EVENTS[who.g])} ${rng.pick(W.SUMMARY_THEMES)}`;
}

function topicSubject(t: Topic): Desc['subjects'][number] {
  return { ...t.subject };
}

// -----------------------------------------------------------------------------------------------
// Kinds of records.

type Kind =
  | 'novel' | 'nonfiction' | 'reference' | 'bd' | 'bdYouth' | 'manga' | 'album' | 'firstReader' | 'youthNovel'
  | 'youthDoc' | 'teenNovel' | 'music' | 'film' | 'ebook' | 'audiobook' | 'periodical' | 'score' | 'game'
  | 'oldPrint' | 'manuscript' | 'map' | 'image';

const KIND_WEIGHTS: readonly (readonly [Kind, number])[] = [
  ['novel', 22], ['nonfiction', 12.5], ['reference', 0.5], ['bd', 4], ['bdYouth', 3], ['manga', 3],
  ['album', 8], ['firstReader', 4], ['youthNovel', 4], ['youthDoc', 3], ['teenNovel', 5], ['music', 7],
  ['film', 7], ['ebook', 5], ['audiobook', 2], ['periodical', 2], ['score', 1], ['game', 1], ['oldPrint', 2],
  ['manuscript', 0.7], ['map', 0.8], ['image', 1.5],
];
/** The first records walk once through every kind, so that any build shows them all. */
const KIND_WALK: readonly Kind[] = KIND_WEIGHTS.map(([k]) => k);

function novel(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const r = rng.float();
  if (r < 0.12) {
    // A classic in a paperback edition.
    const c = rng.pick(W.CLASSICS);
    const pub = rng.pick(W.CLASSIC_PUBLISHERS);
    const year = ctx.recentYear(1990, 2025);
    const translator = c.from ? rng.pick(P.translators) : undefined;
    const poetry = c.genre === 'Poésie';
    return baseDesc({
      type: 'a', gmd: GMD.text, title: c.title, audience: 'adult', date1: year,
      ...(c.from ? { origLang: c.from } : {}),
      ...(c.genre ? {} : { subtitle: 'roman' }),
      resp: fullName(c),
      ...(translator ? { resp2: [`traduit ${W.de(W.LANGUAGE_NAMES_FR[c.from!]!)} par ${fullName(translator)}`] } : {}),
      isbn: ctx.isbn(pub, year), place: pub.place, publisher: pub.name,
      extent: pages(rng, 180, 980), dims: '18 cm', series: seriesFrom(ctx, pub, 0.9),
      notes: [`Première publication en ${c.year}`],
      forms: [c.genre ?? 'Romans'],
      people: [{ tag: '700', p: c, roles: ['070'] }, ...(translator ? [{ tag: '702' as const, p: translator, roles: ['730'] }] : [])],
      holdings: {
        location: poetry ? 'Documentaires adultes' : 'Romans adultes',
        call: poetry ? `841 ${aut3(c.surname)}` : `R ${aut3(c.surname)}`,
        loan: 'STD',
      },
    });
  }
  if (r < 0.15) {
    // A classic in its original language, on the foreign-language shelf.
    const c = rng.pick(W.ORIGINAL_CLASSICS);
    const pub = rng.pick(W.FOREIGN_PUBLISHERS[c.lang]);
    const year = ctx.recentYear(1995, 2024);
    const shelf = { eng: 'ANG', spa: 'ESP', ger: 'ALL' }[c.lang];
    return baseDesc({
      type: 'a', gmd: GMD.text, title: c.title, audience: 'adult', date1: year, lang: c.lang, country: pub.country,
      resp: fullName(c), isbn: ctx.isbn(pub, year), place: pub.place, publisher: pub.name,
      extent: pages(rng, 150, 900), dims: '20 cm', series: seriesFrom(ctx, pub, 0.6), forms: ['Romans'],
      notes: [`Texte en ${W.LANGUAGE_NAMES_FR[c.lang]!.replace(/^l'|^le /, '')}`],
      people: [{ tag: '700', p: c, roles: ['070'] }],
      holdings: { location: 'Livres en langues étrangères', call: `R ${shelf} ${aut3(c.surname)}`, loan: 'STD', count: 1 },
    });
  }
  const genre = rng.weighted(FICTION_GENRE_WEIGHTS);
  const year = ctx.recentYear(1985, 2025);
  const summary = rng.chance(0.45) ? novelSummary(rng) : undefined;
  const theme = rng.chance(0.4) ? rng.pick(W.FICTION_THEMES) : undefined;
  const subjects = theme ? [{ a: theme, j: 'Romans, nouvelles, etc.' }] : [];
  const forms = [genre.form === 'Livres en gros caractères' ? 'Romans' : genre.form];
  if (genre.form === 'Livres en gros caractères') forms.push('Livres en gros caractères');
  const notes = genre.form === 'Livres en gros caractères' ? ['Texte en gros caractères'] : [];
  if (rng.chance(0.06)) notes.push(rng.pick(['Prix des lecteurs de Val-de-Lys', 'Coup de cœur des bibliothécaires']));
  const subtitle = rng.chance(0.6)
    ? genre.form === 'Romans policiers' ? rng.pick(['roman policier', 'thriller', 'roman noir']) : rng.pick(W.NOVEL_SUBTITLES)
    : undefined;

  if (r < 0.19) {
    // Contemporary fiction in English, Spanish or German (original language).
    const lang = rng.weighted([['eng', 6], ['spa', 2], ['ger', 2]] as const);
    const author = rng.pick(W.FOREIGN_AUTHORS[lang]);
    const pub = rng.pick(W.FOREIGN_PUBLISHERS[lang]);
    const shelf = { eng: 'ANG', spa: 'ESP', ger: 'ALL' }[lang];
    return baseDesc({
      type: 'a', gmd: GMD.text, title: originalTitle(rng, lang)!, audience: 'adult', date1: year, lang, country: pub.country,
      resp: fullName(author), isbn: ctx.isbn(pub, year), place: pub.place, publisher: pub.name,
      extent: pages(rng, 180, 620), dims: '20 cm', forms: ['Romans'],
      people: [{ tag: '700', p: author, roles: ['070'] }],
      holdings: { location: 'Livres en langues étrangères', call: `R ${shelf} ${aut3(author.surname)}`, loan: 'STD', count: 1 },
    });
  }

  const pub = rng.pick(W.FICTION_PUBLISHERS);
  const people: PersonEntry[] = [];
  let author: Person;
  let origLang: string | undefined;
  const resp2: string[] = [];
  if (r < 0.29) {
    // Translated contemporary fiction.
    const lang = rng.weighted([['eng', 6], ['spa', 2], ['ger', 2], ['ita', 1]] as const);
    author = rng.pick(W.FOREIGN_AUTHORS[lang]);
    const translator = rng.pick(ctx.pools.translators);
    origLang = lang;
    resp2.push(`traduit ${W.de(W.LANGUAGE_NAMES_FR[lang]!)} par ${fullName(translator)}`);
    people.push({ tag: '700', p: author, roles: ['070'] }, { tag: '702', p: translator, roles: ['730'] });
    const orig = originalTitle(rng, lang);
    if (orig) notes.unshift(`Titre original : ${orig}`);
  } else {
    author = rng.pick(P.novelists);
    people.push({ tag: '700', p: author, roles: ['070'] });
  }
  const big = genre.form === 'Livres en gros caractères';
  return baseDesc({
    type: 'a', gmd: GMD.text, title: frenchTitle(ctx), audience: 'adult', date1: year,
    ...(origLang ? { origLang } : {}), ...(subtitle ? { subtitle } : {}),
    resp: fullName(author), ...(resp2.length ? { resp2 } : {}),
    isbn: ctx.isbn(pub, year), place: pub.place, publisher: pub.name,
    extent: pages(rng, big ? 280 : 120, big ? 720 : 640), dims: big ? '24 cm' : rng.pick(['18 cm', '21 cm', '23 cm']),
    series: seriesFrom(ctx, pub, 0.35), notes, ...(summary ? { summary } : {}), subjects, forms, people,
    holdings: { location: genre.location, call: `${genre.callPrefix} ${aut3(author.surname)}`, loan: 'STD' },
  });
}

function nonfiction(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const topic = rng.pick(W.TOPICS);
  const pub = rng.pick(W.NONFICTION_PUBLISHERS);
  const year = ctx.recentYear(1985, 2025);
  const a1 = rng.pick(P.scholars);
  const a2 = rng.chance(0.2) ? rng.pick(P.scholars) : undefined;
  const people: PersonEntry[] = [{ tag: '700', p: a1, roles: ['070'] }];
  if (a2 && a2 !== a1) people.push({ tag: '701', p: a2, roles: ['070'] });
  const notes: string[] = [];
  if (rng.chance(0.4)) notes.push(rng.pick(['Bibliogr. Index', 'Bibliogr. p. 245-250. Index', 'Index', 'Glossaire']));
  const summary = rng.chance(0.4) ? rng.pick(W.NONFICTION_SUMMARIES).replace('{de t}', W.de(topic.np)).replace('{à t}', W.a(topic.np)).replace('{t}', topic.np) : undefined;
  return baseDesc({
    type: 'a', gmd: GMD.text, title: rng.pick(W.NONFICTION_PREFIXES)(topic.np), audience: rng.chance(0.5) ? 'adultSerious' : 'adult',
    date1: year, ...(rng.chance(0.5) ? { subtitle: rng.pick(W.NONFICTION_SUBTITLES) } : {}),
    resp: people.map((e) => fullName(e.p)).join(', '), isbn: ctx.isbn(pub, year), place: pub.place, publisher: pub.name,
    extent: pages(rng, 96, 520), ill: rng.pick(['ill.', 'ill. en coul.', 'ill., cartes', 'ill. en noir et en coul.']),
    dims: rng.pick(['18 cm', '22 cm', '24 cm', '28 cm']), series: seriesFrom(ctx, pub, 0.5), notes,
    ...(summary ? { summary } : {}), subjects: [topicSubject(topic)], people,
    holdings: { location: 'Documentaires adultes', call: `${topic.dewey} ${aut3(a1.surname)}`, loan: 'STD' },
  });
}

function reference(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const work = rng.pick(W.REFERENCE_WORKS);
  const pub = rng.pick([...W.NONFICTION_PUBLISHERS, ...W.FICTION_PUBLISHERS].filter((p) => ['Larousse', 'Robert Laffont', 'La Découverte'].includes(p.name)));
  const year = ctx.recentYear(2000, 2025);
  const editor = rng.pick(P.scholars);
  return baseDesc({
    type: 'a', gmd: GMD.text, title: work.title, audience: 'adultSerious', date1: year,
    resp: `sous la direction ${deName(editor)}`, isbn: ctx.isbn(pub, year), place: pub.place, publisher: pub.name,
    extent: pages(rng, 900, 2400), ill: 'ill. en coul.', dims: '29 cm', subjects: [{ a: work.subject }],
    notes: ['Ouvrage de référence : consultation sur place'],
    people: [{ tag: '702', p: editor, roles: ['340'] }],
    holdings: { location: 'Usuels', call: `U ${work.dewey} ${aut3(significant(work.title))}`, loan: 'REF', count: rng.int(1, 2) },
  });
}

function bdEpisodeTitle(ctx: Ctx): string {
  const { rng } = ctx;
  const n = rng.pick(W.NOUN_PHRASES);
  switch (rng.int(0, 4)) {
    case 0: return 'Le secret ' + W.de(n.t);
    case 1: return W.cap(n.t) + ' ' + W.agree(rng.pick(W.ADJECTIVES), n);
    case 2: return 'Rendez-vous à ' + rng.pick(W.TITLE_PLACES);
    case 3: return 'La malédiction ' + W.de(n.t);
    default: return 'Le retour ' + W.de(n.t);
  }
}

function bd(ctx: Ctx, youth: boolean): Desc {
  const { rng } = ctx;
  const candidates = ctx.pools.bd.filter((s) => (youth ? s.audience !== 'adult' : s.audience !== 'youth'));
  const s = rng.pick(candidates);
  const tome = ctx.nextInSeries(s.name);
  const year = ctx.recentYear(1975, 2025);
  const audience: AudKey = s.audience;
  return baseDesc({
    type: 'a', gmd: GMD.text, title: bdEpisodeTitle(ctx), audience, date1: year, country: s.publisher.country,
    resp: `scénario, ${fullName(s.writer)}`, resp2: [`dessin, ${fullName(s.artist)}`],
    isbn: ctx.isbn(s.publisher, year), place: s.publisher.place, publisher: s.publisher.name,
    extent: pages(rng, 46, 64), ill: 'ill. en coul.', dims: '30 cm',
    series: { title: s.name, number: String(tome) }, forms: ['Bandes dessinées'],
    ...(rng.chance(0.3) ? { summary: youth ? rng.pick(W.YOUTH_SUMMARIES) : novelSummary(rng) } : {}),
    people: [{ tag: '700', p: s.writer, roles: ['070'] }, { tag: '701', p: s.artist, roles: ['440'] }],
    holdings: {
      location: youth ? 'Espace jeunesse' : 'Bandes dessinées',
      call: `${youth ? 'JBD' : 'BD'} ${aut3(significant(s.name))}`,
      loan: 'STD',
    },
  });
}

function manga(ctx: Ctx): Desc {
  const { rng } = ctx;
  const s = rng.pick(ctx.pools.manga);
  const tome = ctx.nextInSeries(s.name);
  const year = ctx.recentYear(2000, 2025);
  return baseDesc({
    type: 'a', gmd: GMD.text, title: s.name, partNumber: String(tome), audience: s.audience, date1: year,
    origLang: 'jpn', country: s.publisher.country, resp: fullName(s.author),
    resp2: [`traduit du japonais par ${fullName(s.translator)}`], isbn: ctx.isbn(s.publisher, year),
    place: s.publisher.place, publisher: s.publisher.name, extent: pages(rng, 176, 224), ill: 'ill.', dims: '18 cm',
    series: { title: s.name, number: String(tome) }, forms: ['Bandes dessinées', 'Mangas'],
    notes: ['Sens de lecture japonais'],
    people: [{ tag: '700', p: s.author, roles: ['070', '440'] }, { tag: '702', p: s.translator, roles: ['730'] }],
    holdings: {
      location: s.audience === 'teen' ? 'Mangas' : 'Bandes dessinées',
      call: `MAN ${aut3(significant(s.name))}`,
      loan: 'STD',
    },
  });
}

function youthAuthorAndIllustrator(ctx: Ctx): { people: PersonEntry[]; resp: string; resp2?: string[]; author: Person } {
  const { rng, pools: P } = ctx;
  const author = rng.pick(P.youthAuthors);
  if (rng.chance(0.3)) {
    return { author, resp: fullName(author), people: [{ tag: '700', p: author, roles: ['070', '440'] }] };
  }
  const ill = rng.pick(P.illustrators);
  return {
    author,
    resp: `texte ${deName(author)}`,
    resp2: [`illustrations ${deName(ill)}`],
    people: [{ tag: '700', p: author, roles: ['070'] }, { tag: '702', p: ill, roles: ['440'] }],
  };
}

function album(ctx: Ctx): Desc {
  const { rng } = ctx;
  const animal = rng.pick(W.ANIMALS);
  const title = rng.weighted([
    [() => W.cap(animal.t) + ' ' + rng.pick(W.ANIMAL_WISHES), 5],
    [() => `Bonne nuit, ${animal.bare} !`, 1],
    [() => `${rng.pick(W.CHILD_NAMES)} ${rng.pick(W.CHILD_THEMES)}`, 3],
    [() => `Un Noël pour ${animal.t}`, 1],
  ] as const)();
  const pub = rng.pick(W.YOUTH_PUBLISHERS);
  const year = ctx.recentYear(1980, 2025);
  const who = youthAuthorAndIllustrator(ctx);
  return baseDesc({
    type: 'a', gmd: GMD.text, title, audience: 'preschool', date1: year, country: pub.country,
    resp: who.resp, ...(who.resp2 ? { resp2: who.resp2 } : {}), isbn: ctx.isbn(pub, year), place: pub.place,
    publisher: pub.name, extent: `1 vol. (${rng.pick([24, 28, 32, 36, 40, 48])} p.)`, ill: 'ill. en coul.',
    dims: rng.pick(['21 cm', '26 cm', '29 cm']), series: seriesFrom(ctx, pub, 0.3), forms: ["Livres d'images"],
    ...(rng.chance(0.35) ? { summary: rng.pick(W.YOUTH_SUMMARIES) } : {}), people: who.people,
    holdings: { location: 'Espace jeunesse', call: `JA ${aut3(who.author.surname)}`, loan: 'STD' },
  });
}

function youthStoryTitle(ctx: Ctx): string {
  const { rng } = ctx;
  return rng.pick(W.YOUTH_NOVEL_PATTERNS)(rng.pick(W.NOUN_PHRASES), rng.pick(W.CHILD_NAMES));
}

function firstReader(ctx: Ctx): Desc {
  const { rng } = ctx;
  const pub = rng.pick(W.YOUTH_PUBLISHERS);
  const year = ctx.recentYear(1990, 2025);
  const who = youthAuthorAndIllustrator(ctx);
  const series = pub.series ? { title: rng.pick(pub.series), number: String(rng.int(1, 300)) } : { title: 'Premières lectures' };
  return baseDesc({
    type: 'a', gmd: GMD.text, title: youthStoryTitle(ctx), audience: 'primary', date1: year, country: pub.country,
    resp: who.resp, ...(who.resp2 ? { resp2: who.resp2 } : {}), isbn: ctx.isbn(pub, year), place: pub.place,
    publisher: pub.name, extent: pages(rng, 30, 64), ill: 'ill. en coul.', dims: '19 cm', series,
    forms: ['Romans'], ...(rng.chance(0.3) ? { summary: 'Un petit roman pour découvrir le plaisir de lire.' } : {}),
    people: who.people,
    holdings: { location: 'Espace jeunesse', call: `JPL ${aut3(who.author.surname)}`, loan: 'STD' },
  });
}

function youthNovel(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const pub = rng.pick(W.YOUTH_PUBLISHERS);
  const year = ctx.recentYear(1985, 2025);
  const author = rng.pick(P.youthAuthors);
  return baseDesc({
    type: 'a', gmd: GMD.text, title: youthStoryTitle(ctx), audience: 'youth', date1: year, country: pub.country,
    subtitle: 'roman', resp: fullName(author), isbn: ctx.isbn(pub, year), place: pub.place, publisher: pub.name,
    extent: pages(rng, 90, 260), dims: '18 cm', series: seriesFrom(ctx, pub, 0.4), forms: ['Romans'],
    ...(rng.chance(0.4) ? { summary: rng.pick(W.YOUTH_SUMMARIES) } : {}),
    people: [{ tag: '700', p: author, roles: ['070'] }],
    holdings: { location: 'Espace jeunesse', call: `JR ${aut3(author.surname)}`, loan: 'STD' },
  });
}

function youthDoc(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const topic = rng.pick(W.YOUTH_TOPICS);
  const pub = rng.pick(W.YOUTH_PUBLISHERS);
  const year = ctx.recentYear(1995, 2025);
  const author = rng.pick(P.youthAuthors);
  const ill = rng.pick(P.illustrators);
  return baseDesc({
    type: 'a', gmd: GMD.text, title: W.cap(topic.np), audience: 'youth', date1: year, country: pub.country,
    resp: `texte ${deName(author)}`, resp2: [`illustrations ${deName(ill)}`], isbn: ctx.isbn(pub, year),
    place: pub.place, publisher: pub.name, extent: pages(rng, 24, 96), ill: 'ill. en coul.', dims: '24 cm',
    series: { title: rng.pick(W.YOUTH_DOC_SERIES), number: String(rng.int(1, 120)) }, subjects: [topicSubject(topic)],
    forms: ['Documentaires jeunesse'],
    people: [{ tag: '700', p: author, roles: ['070'] }, { tag: '702', p: ill, roles: ['440'] }],
    holdings: { location: 'Espace jeunesse', call: `J ${topic.dewey} ${aut3(author.surname)}`, loan: 'STD' },
  });
}

function teenNovel(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const year = ctx.recentYear(2000, 2025);
  const people: PersonEntry[] = [];
  let title: string;
  let pub: Publisher;
  let author: Person;
  let series: Desc['series'];
  let origLang: string | undefined;
  const resp2: string[] = [];
  const branch = rng.float();
  if (branch < 0.25) {
    const s = rng.pick(P.teenSeries);
    const tome = ctx.nextInSeries(s.name);
    author = s.author;
    pub = s.publisher;
    title = bdEpisodeTitle(ctx);
    series = { title: s.name, number: String(tome) };
    people.push({ tag: '700', p: author, roles: ['070'] });
  } else if (branch < 0.45) {
    author = rng.pick(W.FOREIGN_AUTHORS.eng);
    const translator = rng.pick(P.translators);
    pub = rng.pick(W.TEEN_PUBLISHERS);
    title = frenchTitle(ctx);
    origLang = 'eng';
    resp2.push(`traduit de l'anglais par ${fullName(translator)}`);
    people.push({ tag: '700', p: author, roles: ['070'] }, { tag: '702', p: translator, roles: ['730'] });
  } else {
    author = rng.pick(P.youthAuthors);
    pub = rng.pick(W.TEEN_PUBLISHERS);
    title = rng.pick(W.TEEN_PATTERNS)(rng.pick(W.NOUN_PHRASES), rng.pick(W.ADJECTIVES), rng.pick(W.FIRST_NAMES).name);
    people.push({ tag: '700', p: author, roles: ['070'] });
  }
  return baseDesc({
    type: 'a', gmd: GMD.text, title, audience: 'teen', date1: year, ...(origLang ? { origLang } : {}),
    resp: fullName(author), ...(resp2.length ? { resp2 } : {}), isbn: ctx.isbn(pub, year), place: pub.place,
    publisher: pub.name, extent: pages(rng, 180, 480), dims: '22 cm', series: series ?? seriesFrom(ctx, pub, 0.3),
    forms: ['Romans'], ...(rng.chance(0.5) ? { summary: novelSummary(rng) } : {}),
    ...(rng.chance(0.3) ? { subjects: [{ a: rng.pick(['Adolescence', 'Amitié', 'Harcèlement', 'Identité (psychologie)']), j: 'Romans, nouvelles, etc.' }] } : {}),
    people,
    holdings: { location: 'Espace ados', call: `ADO R ${aut3(author.surname)}`, loan: 'STD' },
  });
}

function music(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const label = rng.pick(W.MUSIC_LABELS);
  const year = ctx.recentYear(1985, 2025);
  const minutes = rng.int(35, 78);
  const common = {
    type: 'j', gmd: GMD.music, date1: year, country: label.country, place: label.place, publisher: label.name,
    ean: ctx.ean(), extent: `1 disque compact (${duration(minutes)})`, dims: '12 cm',
    ...(rng.chance(0.5) ? { accomp: `1 livret (${rng.pick([8, 12, 16, 24, 32])} p.)` } : {}),
  };
  if (rng.chance(0.25)) {
    // Classical: a composer's work played by invented performers.
    const c = rng.pick(W.CLASSICAL_WORKS);
    const work = rng.pick(c.works);
    const performer = rng.pick(P.musicians);
    const instrument = rng.pick(W.INSTRUMENTS);
    return baseDesc({
      ...common, title: work, audience: 'adult', lang: 'zxx', resp: fullName(c),
      resp2: [`${fullName(performer)}, ${instrument}`],
      subjects: [{ a: rng.pick(['Musique de chambre', 'Musique pour piano', 'Musique symphonique', 'Musique vocale']) }],
      notes: rng.chance(0.4) ? ['Notice bilingue français-anglais dans le livret'] : [],
      people: [{ tag: '700', p: c, roles: ['230'] }, { tag: '702', p: performer, roles: ['590'] }],
      holdings: { location: 'Discothèque', call: `3.${rng.int(1, 6)} ${aut3(c.surname)}`, loan: 'STD', count: rng.int(1, 2) },
    });
  }
  const genre = rng.weighted(MUSIC_GENRE_WEIGHTS);
  const band = rng.chance(0.45) ? rng.pick(W.BANDS) : undefined;
  const artist = band ? undefined : rng.pick(P.musicians);
  const name = band ?? fullName(artist!);
  const n = rng.pick(W.NOUN_PHRASES);
  let title: string;
  if (genre.subject === 'Chansons enfantines') {
    title = rng.pick(['Comptines et berceuses', 'Chansons pour les petits loups', 'Comptines de Noël', 'Rondes et jeux de doigts']);
  } else if (genre.lang === 'eng') {
    title = englishTitle(rng);
  } else if (genre.lang === 'spa') {
    title = spanishTitle(rng);
  } else {
    title = rng.weighted([
      [() => W.cap(n.t) + ' ' + W.agree(rng.pick(W.ADJECTIVES), n), 3],
      [() => 'Live à ' + rng.pick(W.TITLE_PLACES), 1],
      [() => W.cap(n.t), 2],
    ] as const)();
  }
  const audience: AudKey = genre.audience;
  const sortName = band ? significant(band) : artist!.surname;
  return baseDesc({
    ...common, title, audience, lang: genre.lang, resp: name, subjects: [{ a: genre.subject }],
    people: artist ? [{ tag: '700', p: artist, roles: ['590', '230'] }] : [],
    corporate: band ? [{ name: band, role: '590' }] : [],
    holdings: {
      location: audience === 'youth' ? 'Espace jeunesse' : 'Discothèque',
      call: `${genre.pcdm} ${aut3(sortName)}`,
      loan: 'STD',
      count: rng.int(1, 3),
    },
  });
}

function film(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const genre = rng.weighted(FILM_GENRE_WEIGHTS);
  const dist = rng.pick(W.FILM_DISTRIBUTORS);
  const bluRay = rng.chance(0.2);
  const year = bluRay ? ctx.recentYear(2008, 2025) : ctx.recentYear(1998, 2025);
  const director = rng.pick(P.directors);
  const cast = rng.sample(P.actors, rng.int(1, 3));
  const lang = rng.weighted([['fre', 65], ['eng', 20], ['spa', 5], ['ita', 4], ['jpn', 3], ['ger', 3]] as const);
  const country = lang === 'fre' ? 'FR' : rng.pick(W.LANGUAGE_COUNTRIES[lang]!);
  const notes: string[] = [];
  let title: string;
  let audience: AudKey;
  let minutes = rng.int(80, 150);
  let call: string;
  let location = 'Vidéothèque';
  const subjects: Desc['subjects'] = [];
  const prefix = bluRay ? 'BR' : 'DVD';
  switch (genre.call) {
    case 'D': {
      const topic = rng.pick(W.TOPICS);
      title = W.cap(topic.np);
      subjects.push(topicSubject(topic));
      audience = rng.chance(0.5) ? 'general' : 'adult';
      minutes = rng.int(52, 110);
      call = `${prefix} D ${topic.dewey.split('.')[0]} ${aut3(director.surname)}`;
      break;
    }
    case 'A': {
      title = rng.chance(0.5) ? W.cap(rng.pick(W.ANIMALS).t) + ' ' + rng.pick(W.ANIMAL_WISHES) : youthStoryTitle(ctx);
      audience = rng.weighted([['youth', 4], ['primary', 2], ['general', 4]] as const);
      minutes = rng.int(45, 100);
      if (audience !== 'general') location = 'Espace jeunesse';
      call = `${prefix} ${audience === 'general' ? 'F' : 'J'} ${aut3(director.surname)}`;
      break;
    }
    case 'S': {
      const season = rng.int(1, 5);
      title = `${frenchTitle(ctx)}. Saison ${season}`;
      audience = rng.chance(0.7) ? 'adult' : 'teen';
      minutes = rng.int(6, 12) * 50;
      call = `${prefix} S ${aut3(significant(title))}`;
      break;
    }
    default:
      title = lang === 'eng' ? englishTitle(rng) : lang === 'spa' ? spanishTitle(rng) : frenchTitle(ctx);
      audience = rng.weighted([['adult', 6], ['general', 3], ['teen', 1]] as const);
      call = `${prefix} F ${aut3(director.surname)}`;
  }
  if (rng.chance(0.2)) notes.push(`Film sorti en ${rng.int(1931, Math.min(year, 1999))}`);
  if (lang !== 'fre') notes.push('Version originale sous-titrée en français');
  notes.push(rng.pick(['Sous-titres pour sourds et malentendants', 'Audiodescription', 'Bonus : making of, bande-annonce', 'Zone 2']));
  const discs = genre.call === 'S' ? rng.int(2, 4) : 1;
  const extent = bluRay
    ? `${discs === 1 ? '1 disque' : `${discs} disques`} Blu-ray (${duration(minutes)})`
    : `${discs === 1 ? '1 DVD vidéo' : `${discs} DVD vidéo`} (${duration(minutes)})`;
  return baseDesc({
    type: 'g', gmd: GMD.video, title, audience, date1: year, lang, ...(lang !== 'fre' ? { subtitleLang: 'fre' } : {}),
    country, resp: `un film ${deName(director)}`, resp2: [`avec ${cast.map(fullName).join(', ')}`],
    ean: ctx.ean(), place: dist.place, publisher: dist.name, extent, ill: 'coul., son.', dims: '12 cm', notes,
    ...(genre.call !== 'D' && rng.chance(0.4) ? { summary: novelSummary(rng) } : {}),
    subjects, forms: [genre.form],
    people: [
      { tag: '700', p: director, roles: ['300'] },
      ...cast.map((p) => ({ tag: '702' as const, p, roles: ['590'] })),
    ],
    holdings: { location, call, loan: year >= 2024 ? '1SEM' : 'DVD', count: rng.int(1, 2) },
  });
}

function ebook(ctx: Ctx, controlNumber: string): Desc {
  const { rng } = ctx;
  const base = rng.weighted([
    [novel, 60], [nonfiction, 25], [youthNovel, 8], [teenNovel, 7],
  ] as const)(ctx);
  const year = ctx.recentYear(2010, 2025);
  delete base.holdings;
  return {
    ...base,
    // An ISBN-10 belongs to a printed edition before 2007; the e-book is recent: give it the 13-digit form.
    isbn: base.isbn && base.isbn.replace(/-/g, '').length === 10 ? isbn10to13(base.isbn) : base.isbn,
    type: 'l',
    gmd: GMD.electronic,
    date1: year,
    pubDate: String(year),
    extent: `1 ressource dématérialisée (${rng.pick(['EPUB', 'EPUB', 'PDF'])})`,
    ill: undefined,
    dims: undefined,
    forms: base.forms.filter((f) => f !== 'Livres en gros caractères'),
    notes: [...base.notes.filter((n) => n !== 'Texte en gros caractères'), 'Livre numérique prêté par le réseau : lecture sur liseuse, tablette ou ordinateur'],
    url: `https://example.org/numerique/livres/${controlNumber}`,
  };
}

function audiobook(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const youth = rng.chance(0.4);
  const base = youth ? youthNovel(ctx) : novel(ctx);
  const pub = rng.pick(W.AUDIO_PUBLISHERS);
  const year = ctx.recentYear(2005, 2025);
  const narrator = rng.pick(P.actors);
  const minutes = rng.int(youth ? 60 : 240, youth ? 240 : 900);
  const author = base.people[0]?.p ?? narrator;
  return {
    ...base,
    type: 'i',
    gmd: GMD.spoken,
    date1: year,
    pubDate: String(year),
    isbn: ctx.isbn(pub, year),
    place: pub.place,
    publisher: pub.name,
    country: pub.country,
    series: seriesFrom(ctx, pub, 0.5),
    resp2: [...(base.resp2 ?? []), `lu par ${fullName(narrator)}`],
    // An MP3 disc holds a whole novel; audio CDs hold about 75 minutes each.
    extent: `${rng.chance(0.7) ? '1 disque compact MP3' : `${Math.max(2, Math.ceil(minutes / 75))} disques compacts`} (${duration(minutes)})`,
    ill: undefined,
    dims: '12 cm',
    forms: ['Livres audio', ...base.forms.filter((f) => f !== 'Livres en gros caractères')],
    notes: base.notes.filter((n) => n !== 'Texte en gros caractères'),
    people: [...base.people, { tag: '702', p: narrator, roles: ['550'] }],
    holdings: {
      location: youth ? 'Espace jeunesse' : 'Livres audio',
      call: `LA ${youth ? 'J' : 'R'} ${aut3(author.surname)}`,
      loan: 'STD',
      count: rng.int(1, 2),
    },
  };
}

function periodical(ctx: Ctx): Desc {
  const { rng } = ctx;
  const audience = rng.weighted([['adult', 60], ['general', 15], ['youth', 15], ['teen', 10]] as const);
  let title: string;
  let subject: string | undefined;
  let location = 'Kiosque';
  if (audience === 'youth') {
    title = `${rng.pick(W.YOUTH_PERIODICAL_A)} ${rng.pick(W.YOUTH_PERIODICAL_B)}`;
    location = 'Espace jeunesse';
  } else if (audience === 'teen') {
    title = `${rng.pick(W.TEEN_PERIODICAL_A)} ${rng.pick(W.TEEN_PERIODICAL_B)}`;
    location = 'Espace ados';
  } else {
    const t = rng.pick(W.PERIODICAL_TOPICS);
    title = `${rng.pick(W.PERIODICAL_PREFIXES)} ${W.de(t.np)}`;
    subject = t.subject;
  }
  const pub = rng.pick(W.PERIODICAL_PUBLISHERS);
  const start = rng.int(1950, 2015);
  const ceased = rng.chance(0.1) ? rng.int(Math.max(start + 3, 1990), 2022) : undefined;
  const frequency = rng.pick(W.FREQUENCIES);
  // Issues kept: the latest first (consulted on site), then older ones lent for a week.
  const copies = rng.int(1, 4);
  const lastYear = ceased ?? 2025;
  let issueNo = rng.int(40, 900);
  let month = ceased ? 11 : rng.int(0, 5);
  let y = lastYear;
  const issues: string[] = [];
  for (let i = 0; i < copies; i++) {
    issues.push(`n° ${issueNo} (${W.MONTHS_FR[month]} ${y})`);
    issueNo--;
    month--;
    if (month < 0) {
      month = 11;
      y--;
    }
  }
  return baseDesc({
    type: 'a', level: 's', dateType: ceased ? 'b' : 'a', date1: start, date2: ceased ? String(ceased) : '9999',
    gmd: GMD.text, title, audience, issn: ctx.issn(), place: pub.place, publisher: pub.name,
    pubDate: ceased ? `${start}-${ceased}` : `${start}-`, extent: 'n°', ill: 'ill. en coul.', dims: '28 cm', frequency,
    subjects: subject ? [{ a: subject, x: 'Périodiques' }] : [], forms: ['Périodiques'],
    ...(ceased ? { notes: [`Cessation de parution en ${ceased}`] } : {}),
    holdings: {
      location, call: `PER ${aut3(significant(title.replace(/^(les cahiers|la revue|le journal|le magazine|la lettre|les nouvelles|l'écho) (du |de la |de l'|des )/i, '')))}`,
      loan: (i) => (i === 0 ? 'REF' : '1SEM'), count: copies, issues,
    },
  });
}

function score(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const pub = rng.pick(W.SCORE_PUBLISHERS);
  const instrument = rng.pick(W.INSTRUMENTS);
  const subject = instrument === 'chant' ? 'Mélodies (musique)' : `${W.cap(instrument)}, Musique de`;
  if (rng.chance(0.6)) {
    const c = rng.pick(W.CLASSICAL_WORKS);
    const year = rng.int(1900, 2024);
    return baseDesc({
      type: 'c', gmd: GMD.score, title: rng.pick(c.works), subtitle: instrument === 'chant' ? 'pour voix et piano' : `pour ${instrument}`,
      audience: 'adult', date1: year, lang: 'zxx', country: pub.country, resp: fullName(c), place: pub.place, publisher: pub.name,
      extent: `1 partition (${rng.int(8, 96)} p.)`, dims: '31 cm', subjects: [{ a: subject }],
      people: [{ tag: '700', p: c, roles: ['230'] }],
      holdings: { location: 'Partitions', call: `P ${aut3(c.surname)}`, loan: 'STD', libraries: ['CENTRALE'], count: 1 },
    });
  }
  const author = rng.pick(P.musicians);
  const year = ctx.recentYear(1980, 2025);
  return baseDesc({
    type: 'c', gmd: GMD.score, title: rng.pick(W.SCORE_TITLES).replace('{i}', instrument), audience: 'adult', date1: year,
    country: pub.country, resp: fullName(author), place: pub.place, publisher: pub.name,
    extent: `1 partition (${rng.int(24, 120)} p.)`, dims: '30 cm', subjects: [{ a: subject, x: 'Méthodes' }],
    people: [{ tag: '700', p: author, roles: ['230'] }],
    holdings: { location: 'Partitions', call: `P ${aut3(author.surname)}`, loan: 'STD', count: rng.int(1, 2) },
  });
}

function game(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const a1 = rng.pick(W.GAME_NAMES_A);
  const title = rng.weighted([
    [() => `${a1} & ${rng.pick(W.GAME_NAMES_B)}`, 3],
    [() => `La course des ${a1.toLowerCase()}`, 1],
    [() => `Le trésor des ${a1.toLowerCase()}`, 1],
  ] as const)();
  const pub = rng.pick(W.GAME_PUBLISHERS);
  const year = ctx.recentYear(2010, 2025);
  const designer = rng.pick(P.designers);
  const ill = rng.pick(P.illustrators);
  const young = rng.chance(0.4);
  const minAge = young ? rng.int(3, 5) : rng.int(7, 12);
  return baseDesc({
    type: 'r', gmd: GMD.object, title, audience: young ? 'preschool' : 'general', date1: year, lang: 'fre', country: pub.country,
    resp: `un jeu ${deName(designer)}`, resp2: [`illustrations ${deName(ill)}`], ean: ctx.ean(), place: pub.place,
    publisher: pub.name, extent: `1 boîte de jeu (1 plateau, ${rng.int(20, 110)} cartes, ${rng.int(2, 6)} pions)`,
    dims: '30 x 30 cm', notes: [`De 2 à ${rng.int(4, 6)} joueurs, à partir de ${minAge} ans. Durée : ${rng.pick([10, 15, 20, 30, 45])} min`],
    subjects: [{ a: 'Jeux de société' }],
    people: [{ tag: '700', p: designer, roles: ['070'] }, { tag: '702', p: ill, roles: ['440'] }],
    holdings: { location: 'Ludothèque', call: `JEU ${aut3(a1)}`, loan: 'STD', libraries: ['CENTRALE', 'TILLEULS'], count: rng.int(1, 2) },
  });
}

// Heritage: one copy, at the central library, for consultation on site.

function heritageHolding(ctx: Ctx, call: string): HoldingSpec {
  return { location: 'Fonds patrimonial', call: `${call} ${ctx.heritageNumber()}`, loan: 'REF', libraries: ['CENTRALE'], count: 1 };
}

function heritageEntry(ctx: Ctx): string {
  const y = ctx.rng.int(1998, 2012);
  return `${y}${String(ctx.rng.int(1, 12)).padStart(2, '0')}${String(ctx.rng.int(1, 28)).padStart(2, '0')}`;
}

function oldPrint(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const year = rng.int(1850, 1899);
  const pub = rng.pick(W.OLD_PUBLISHERS);
  const local = rng.pick(HERITAGE_PLACES);
  const format = rng.pick(['8', '8', '12', '4', '16']);
  const notes = rng.sample(W.HERITAGE_NOTES, rng.int(0, 2));
  const romanPages = `1 vol. (${rng.pick(['VIII', 'XII', 'XVI', 'IV'])}-${rng.int(120, 560)} p.)`;
  const author = rng.pick(P.oldAuthors);
  const common = {
    type: 'a', gmd: GMD.text, audience: 'adultSerious' as AudKey, date1: year, entry: heritageEntry(ctx), place: pub.place,
    publisher: pub.name, extent: romanPages, dims: `in-${format}`, notes,
    holdings: heritageHolding(ctx, `PAT ${format}°`),
  };
  switch (rng.int(0, 6)) {
    case 0: {
      const c = rng.pick(OLD_FRENCH_CLASSICS);
      return baseDesc({
        ...common, title: 'Œuvres complètes', partNumber: `Tome ${rng.int(1, 24)}`, resp: fullName(c),
        forms: ['Romans'], people: [{ tag: '700', p: c, roles: ['070'] }],
      });
    }
    case 1:
      return baseDesc({
        ...common, title: `Histoire de ${local} depuis les temps les plus reculés jusqu'à nos jours`,
        resp: `par M. l'abbé ${fullName(author)}`, subjects: [{ a: 'Histoire', y: `${local} (France)` }],
        people: [{ tag: '700', p: author, roles: ['070'] }],
      });
    case 2:
      return baseDesc({
        ...common, title: `Almanach de ${local} pour l'année ${year}`, subjects: [{ a: 'Almanachs', y: `${local} (France)` }],
      });
    case 3:
      return baseDesc({
        ...common, title: `Cours élémentaire ${rng.pick(W.OLD_SCHOOL_SUBJECTS)}`, subtitle: "à l'usage des écoles primaires",
        resp: `par ${fullName(author)}, instituteur`, subjects: [{ a: 'Manuels scolaires', y: 'France', z: '19e siècle' }],
        people: [{ tag: '700', p: author, roles: ['070'] }],
      });
    case 4:
      return baseDesc({
        ...common, title: 'Voyage pittoresque dans la vallée de la Lys', resp: fullName(author), ill: 'grav.',
        subjects: [{ a: 'Descriptions et voyages', y: 'Lys, Vallée de la (France et Belgique)', z: '19e siècle' }],
        people: [{ tag: '700', p: author, roles: ['070'] }],
      });
    case 5:
      return baseDesc({
        ...common, title: `Notice historique sur l'église Saint-${rng.pick(W.SAINTS)} de ${local}`, resp: fullName(author),
        subjects: [{ a: 'Églises', y: `${local} (France)` }], people: [{ tag: '700', p: author, roles: ['070'] }],
      });
    default: {
      const c = rng.pick(STORYTELLERS);
      return baseDesc({
        ...common, title: 'Contes de Noël', resp: fullName(c), ill: 'ill.', forms: ['Contes'],
        people: [{ tag: '700', p: c, roles: ['070'] }],
      });
    }
  }
}

function manuscript(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const who = rng.pick(P.oldAuthors);
  const other = rng.pick(P.oldAuthors);
  const local = rng.pick(HERITAGE_PLACES);
  const uncertain = rng.chance(0.25);
  const year = rng.int(1850, 1940);
  const base = {
    type: 'b', gmd: GMD.manuscript, audience: 'adultSerious' as AudKey, date1: uncertain ? Math.max(1850, year - 5) : year,
    ...(uncertain ? { dateType: 'f' as const, date2: String(year + 5), pubDate: `[vers ${year}]` } : {}),
    entry: heritageEntry(ctx), notes: [rng.pick(['Manuscrit autographe', 'Encre brune sur papier', `Don de la famille ${other.surname} en ${rng.int(1950, 2010)}`])],
    holdings: heritageHolding(ctx, 'PAT Ms'),
  };
  const forms = rng.int(0, 7);
  const authorOf = (p: Person): PersonEntry[] => [{ tag: '700', p, roles: ['070'] }];
  switch (forms) {
    case 0:
      return baseDesc({ ...base, title: `Journal de voyage en ${rng.pick(['Italie', 'Orient', 'Algérie', 'Bretagne'])}`, resp: fullName(who), extent: `1 cahier (${rng.int(40, 180)} f.)`, dims: '22 cm', subjects: [{ a: 'Récits de voyages' }], people: authorOf(who) });
    case 1:
      return baseDesc({ ...base, title: `Lettres ${deName(who)} à ${fullName(other)}`, extent: `${rng.int(8, 120)} lettres`, dims: '21 cm', subjects: [{ a: 'Correspondance' }], people: [...authorOf(who), { tag: '702', p: other, roles: ['660'] }] });
    case 2:
      return baseDesc({ ...base, title: `Cahier de recettes de cuisine ${deName(who)}`, extent: `1 cahier (${rng.int(40, 120)} f.)`, dims: '20 cm', subjects: [{ a: 'Cuisine', y: 'Flandre (France)' }], people: authorOf(who) });
    case 3:
      return baseDesc({ ...base, title: `Registre des délibérations de la Société d'émulation de ${local}`, extent: `1 registre (${rng.int(120, 400)} p.)`, dims: '32 cm', subjects: [{ a: 'Sociétés savantes', y: `${local} (France)` }] });
    case 4:
      return baseDesc({ ...base, title: `Cahier d'écolier ${deName(who)}`, subtitle: `école communale de ${local}`, extent: `1 cahier (${rng.int(24, 96)} p.)`, dims: '22 cm', subjects: [{ a: 'Écoles primaires', y: `${local} (France)` }], people: authorOf(who) });
    case 5:
      return baseDesc({ ...base, title: `Livre de raison de la famille ${who.surname}`, extent: `1 registre (${rng.int(80, 300)} f.)`, dims: '30 cm', subjects: [{ a: 'Livres de raison' }] });
    case 6:
      return baseDesc({ ...base, title: 'Mémoire sur les inondations de la Lys', resp: fullName(who), extent: `1 cahier (${rng.int(12, 60)} f.)`, dims: '31 cm', subjects: [{ a: 'Inondations', y: 'Lys, Vallée de la (France et Belgique)' }], people: authorOf(who) });
    default:
      return baseDesc({ ...base, title: 'Chansons et noëls en patois picard', resp: `recueillis par ${fullName(who)}`, extent: `1 cahier (${rng.int(30, 90)} f.)`, dims: '18 cm', subjects: [{ a: 'Chansons populaires', y: 'Picardie (France)' }], forms: ['Noëls'], people: [{ tag: '700', p: who, roles: ['220'] }] });
  }
}

function map(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const local = rng.pick(HERITAGE_PLACES);
  if (rng.chance(0.6)) {
    const pub = rng.pick(W.MAP_PUBLISHERS_OLD);
    const year = rng.int(1850, 1960);
    const cartographer = rng.pick(P.oldAuthors);
    const title = rng.pick([
      `Carte topographique des environs de ${local}`, `Plan de la ville de ${local}`, 'Carte du département du Nord',
      `Carte de l'état-major. ${local}`, `Cadastre de ${local}. Section ${rng.pick(['A', 'B', 'C', 'D', 'E'])}`,
      'Carte des chemins de fer du Nord de la France',
    ]);
    return baseDesc({
      type: 'e', gmd: GMD.map, title, audience: 'adultSerious', date1: year, entry: heritageEntry(ctx),
      resp: fullName(cartographer), scale: `Échelle 1:${rng.pick(['5 000', '10 000', '20 000', '80 000', '320 000'])}`,
      place: pub.place, publisher: pub.name, extent: '1 carte', ill: rng.pick(['gravure, n. et b.', 'lithogr. en coul.', 'ms., aquarellée']),
      dims: `${rng.int(40, 90)} x ${rng.int(50, 110)} cm`, subjects: [{ a: 'Cartes', y: `${local} (France)` }],
      people: [{ tag: '700', p: cartographer, roles: ['180'] }], holdings: heritageHolding(ctx, 'PAT CAR'),
    });
  }
  const pub = rng.pick(W.MAP_PUBLISHERS_MODERN);
  const year = ctx.recentYear(2005, 2025);
  const title = rng.pick([
    `${local} et ses environs`, 'Flandre et vallée de la Lys', 'Nord-Pas-de-Calais', 'Lille, Roubaix, Tourcoing',
  ]);
  return baseDesc({
    type: 'e', gmd: GMD.map, title, subtitle: rng.pick(['carte de randonnée', 'carte touristique', 'carte routière']),
    audience: 'general', date1: year, scale: `Échelle 1:${rng.pick(['25 000', '100 000', '200 000'])}`,
    isbn: ctx.isbn(pub, year), place: pub.place, publisher: pub.name, extent: '1 carte', ill: 'coul.',
    dims: `${rng.int(90, 120)} x ${rng.int(100, 130)} cm, pliée ${rng.int(11, 13)} x ${rng.int(22, 25)} cm`,
    series: seriesFrom(ctx, pub, 0.3), subjects: [{ a: 'Cartes touristiques', y: 'Nord (France)' }],
    holdings: { location: 'Documentaires adultes', call: `CAR 914.42 ${aut3(significant(title))}`, loan: 'STD', count: rng.int(1, 2) },
  });
}

function image(ctx: Ctx): Desc {
  const { rng, pools: P } = ctx;
  const local = rng.pick(HERITAGE_PLACES);
  const pub = rng.pick(W.IMAGE_PUBLISHERS);
  const r = rng.float();
  if (r < 0.7) {
    const year = rng.int(1898, 1935);
    const view = rng.pick(W.POSTCARD_VIEWS);
    return baseDesc({
      type: 'k', gmd: GMD.image, title: `${local}. ${W.cap(view)}`, audience: 'general', date1: year, entry: heritageEntry(ctx),
      place: pub.place, publisher: pub.name, extent: '1 carte postale', ill: rng.pick(['n. et b.', 'phototypie', 'coul.']),
      dims: '9 x 14 cm', subjects: [{ a: 'Cartes postales', y: `${local} (France)`, z: '20e siècle' }],
      forms: ['Cartes postales'], holdings: heritageHolding(ctx, 'PAT CP'),
    });
  }
  if (r < 0.85) {
    const year = rng.int(1880, 1960);
    return baseDesc({
      type: 'k', gmd: GMD.image, title: `Grande fête de la Lys`, subtitle: `dimanche ${rng.int(1, 28)} juillet ${year}`,
      audience: 'general', date1: year, entry: heritageEntry(ctx), place: pub.place, publisher: pub.name,
      extent: '1 affiche', ill: 'lithogr. en coul.', dims: '120 x 80 cm', subjects: [{ a: 'Fêtes', y: `${local} (France)` }],
      forms: ['Affiches'], holdings: heritageHolding(ctx, 'PAT AFF'),
    });
  }
  const year = rng.int(1870, 1950);
  const photographer = rng.pick(P.oldAuthors);
  const sitter = rng.pick(P.oldAuthors);
  return baseDesc({
    type: 'k', gmd: GMD.image,
    title: rng.chance(0.5) ? `Portrait ${deName(sitter)}` : `Classe de l'école des ${rng.pick(['filles', 'garçons'])} de ${local}`,
    audience: 'general', date1: year, entry: heritageEntry(ctx), resp: `${fullName(photographer)}, photographe`,
    extent: '1 photographie', ill: rng.pick(['tirage sur papier albuminé', "épreuve au gélatino-bromure d'argent"]),
    dims: '18 x 24 cm', subjects: [{ a: 'Photographies', y: `${local} (France)` }],
    people: [{ tag: '700', p: photographer, roles: ['600'] }], holdings: heritageHolding(ctx, 'PAT PH'),
  });
}

function describe(ctx: Ctx, kind: Kind, controlNumber: string): Desc {
  switch (kind) {
    case 'novel': return novel(ctx);
    case 'nonfiction': return nonfiction(ctx);
    case 'reference': return reference(ctx);
    case 'bd': return bd(ctx, false);
    case 'bdYouth': return bd(ctx, true);
    case 'manga': return manga(ctx);
    case 'album': return album(ctx);
    case 'firstReader': return firstReader(ctx);
    case 'youthNovel': return youthNovel(ctx);
    case 'youthDoc': return youthDoc(ctx);
    case 'teenNovel': return teenNovel(ctx);
    case 'music': return music(ctx);
    case 'film': return film(ctx);
    case 'ebook': return ebook(ctx, controlNumber);
    case 'audiobook': return audiobook(ctx);
    case 'periodical': return periodical(ctx);
    case 'score': return score(ctx);
    case 'game': return game(ctx);
    case 'oldPrint': return oldPrint(ctx);
    case 'manuscript': return manuscript(ctx);
    case 'map': return map(ctx);
    case 'image': return image(ctx);
  }
}

// -----------------------------------------------------------------------------------------------
// Desc -> MarcRecord.

const LIBRARY_WEIGHTS: Record<DemoLibraryCode, number> = { CENTRALE: 55, TILLEULS: 30, STAUBIN: 15 };

function holdingFields(ctx: Ctx, h: HoldingSpec): DataField[] {
  const { rng } = ctx;
  const count = h.count ?? rng.weighted([[1, 40], [2, 30], [3, 20], [4, 10]] as const);
  const allowed = h.libraries ?? DEMO_LIBRARY_CODES;
  // Each copy goes to a library drawn by weight (the central library buys most, the village least);
  // two copies at the same library are common for popular titles.
  const weights = allowed.map((l) => [l, LIBRARY_WEIGHTS[l]] as const);
  const libs: DemoLibraryCode[] = [];
  for (let i = 0; i < count; i++) libs.push(allowed.length === 1 ? allowed[0]! : rng.weighted(weights));
  return libs.map((owner, i) => {
    // A few copies are deposited at another library of the network (rotating collections).
    const holder = allowed.length > 1 && rng.chance(0.03) ? allowed.find((l) => l !== owner)! : owner;
    const loan = typeof h.loan === 'function' ? h.loan(i) : h.loan;
    const subfields: Subfield[] = [
      { code: 'b', value: owner },
      { code: 'c', value: holder },
      { code: 'e', value: h.location },
      { code: 'f', value: ctx.barcode() },
      { code: 'k', value: h.call },
      { code: 'r', value: loan },
    ];
    const issue = h.issues?.[i];
    if (issue) subfields.push({ code: 'v', value: issue });
    return { tag: '995', ind1: ' ', ind2: ' ', subfields };
  });
}

/** Builds a data field from alternating subfield codes and values, skipping empty values; null when
 *  nothing is left. (Flat arguments rather than pairs: this runs a few million times for 100k records.) */
function df(tag: string, ind1: string, ind2: string, ...cv: (string | undefined)[]): DataField | null {
  let subfields: Subfield[] | null = null;
  for (let i = 0; i < cv.length; i += 2) {
    const value = cv[i + 1];
    if (value === undefined || value === '') continue;
    (subfields ??= []).push({ code: cv[i]!, value });
  }
  return subfields === null ? null : { tag, ind1, ind2, subfields };
}

function entryDate(ctx: Ctx, year: number): string {
  const { rng } = ctx;
  const y = Math.min(2025, Math.max(year, 2003) + rng.int(0, 2));
  const m = y === 2025 ? rng.int(1, 6) : rng.int(1, 12);
  return `${y}${String(m).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
}

function assemble(ctx: Ctx, d: Desc, controlNumber: string): MarcRecord {
  // 0-4 record length and 12-16 base address are computed by ISO 2709 writers; 8-9 blank;
  // 10-11 indicator and subfield code lengths; 17-19 full-level ISBD; 20-23 entry map.
  const leader = `00000n${d.type}${d.level}  2200000   450 `;
  const fields: Field[] = [{ tag: '001', value: controlNumber }];
  const add = (f: DataField | null): void => void (f && fields.push(f));
  add(df('010', ' ', ' ', 'a', d.isbn));
  add(df('011', ' ', ' ', 'a', d.issn));
  add(df('073', ' ', '0', 'a', d.ean));
  const date2 = d.date2 ?? '    ';
  const f100 = `${d.entry ?? entryDate(ctx, d.date1)}${d.dateType}${String(d.date1).padStart(4, '0')}${date2}${AUD[d.audience]}y0frey50      ba`;
  add(df('100', ' ', ' ', 'a', f100));
  add(df('101', d.origLang ? '1' : '0', ' ', 'a', d.lang, 'c', d.origLang, 'j', d.subtitleLang));
  add(df('102', ' ', ' ', 'a', d.country));
  const f200 = df('200', '1', ' ', 'a', d.title, 'b', d.gmd, 'h', d.partNumber, 'i', d.partTitle, 'e', d.subtitle, 'f', d.resp)!;
  for (const g of d.resp2 ?? []) f200.subfields.push({ code: 'g', value: g });
  fields.push(f200);
  add(df('206', ' ', ' ', 'a', d.scale));
  add(df('210', ' ', ' ', 'a', d.place, 'c', d.publisher, 'd', d.pubDate));
  add(df('215', ' ', ' ', 'a', d.extent, 'c', d.ill, 'd', d.dims, 'e', d.accomp));
  if (d.series) add(df('225', '2', ' ', 'a', d.series.title, 'v', d.series.number));
  for (const n of d.notes) add(df('300', ' ', ' ', 'a', n));
  add(df('326', ' ', ' ', 'a', d.frequency));
  add(df('330', ' ', ' ', 'a', d.summary));
  for (const s of d.subjects) add(df('606', ' ', ' ', 'a', s.a, 'x', s.x, 'y', s.y, 'z', s.z, 'j', s.j, '2', 'rameau'));
  for (const f of d.forms) add(df('608', ' ', ' ', 'a', f, '2', 'rameau'));
  let main = false;
  for (const e of d.people) {
    // Only one 700 (main responsibility) per record: later 700s become 701.
    const tag = e.tag === '700' && main ? '701' : e.tag;
    if (tag === '700') main = true;
    const f = df(tag, ' ', '1', 'a', e.p.surname, 'b', e.p.forename)!;
    for (const r of e.roles) f.subfields.push({ code: '4', value: r });
    fields.push(f);
  }
  for (const c of d.corporate) add(df('710', '0', '2', 'a', c.name, '4', c.role));
  if (d.url) add(df('856', '4', ' ', 'u', d.url, 'z', 'Emprunter ce livre numérique'));
  if (d.holdings) for (const f of holdingFields(ctx, d.holdings)) fields.push(f);
  // Tags in ascending order, as ISO 2709 writers and readers expect. They nearly always are already
  // (people entries may come 702 before 701): sort, stably, only when needed.
  for (let i = 1; i < fields.length; i++) {
    if (fields[i - 1]!.tag > fields[i]!.tag) {
      fields.sort((x, y) => (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : 0));
      break;
    }
  }
  return { leader, fields };
}

/** Yields `count` demo records one by one, for callers that do not want them all in memory
 *  (100,000 records take several hundred megabytes). The first n are the same whatever the count. */
export function* iterateDemoRecords(count: number): Generator<MarcRecord, void, undefined> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`recordCount must be a non-negative integer: ${count}`);
  const ctx = new Ctx();
  for (let i = 0; i < count; i++) {
    const kind = i < KIND_WALK.length ? KIND_WALK[i]! : ctx.rng.weighted(KIND_WEIGHTS);
    const controlNumber = 'DEMO' + String(i + 1).padStart(6, '0');
    yield assemble(ctx, describe(ctx, kind, controlNumber), controlNumber);
  }
}

/** Generates `count` demo records (the first n are the same whatever the count). */
export function generateDemoRecords(count: number): MarcRecord[] {
  if (!Number.isInteger(count) || count < 0) throw new Error(`recordCount must be a non-negative integer: ${count}`);
  const out: MarcRecord[] = [];
  for (const r of iterateDemoRecords(count)) out.push(r);
  return out;
}
