// The deterministic demo network: "Réseau des médiathèques de Val-de-Lys", an invented town network of
// three libraries in French Flanders, with its loan types, reader categories, readers, staff and a
// UNIMARC catalogue (see demo-records.ts). Pure data: no database, no clock (dates that must move with
// time, such as membership expiry, are computed from the `today` option), no Math.random.
//
// Identifiers:
// - Library cards: EAN-13, "29001" (network) + 7-digit sequence + check digit, e.g. 2900100000017.
//   Item barcodes use the same scheme with "39001", so a card can never be read as an item.
// - Phone numbers are in the ranges ARCEP keeps for fiction (03 53 01 xx xx, 06 39 98 xx xx), and
//   email addresses are at example.org, so the demo never reaches a real person.

import type { MarcRecord } from '../marc/record.js';
import { ean13 } from './demo-codes.js';
import { Rng } from './demo-random.js';
import { DEMO_LIBRARY_CODES, generateDemoRecords, type DemoLibraryCode, type DemoLoanTypeCode } from './demo-records.js';
import { FIRST_NAMES, SURNAMES, emailLocal } from './demo-words.js';

export { DEMO_LIBRARY_CODES, DEMO_LOAN_TYPE_CODES, ITEM_BARCODE_PREFIX, iterateDemoRecords } from './demo-records.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface DemoLibrary {
  code: string;
  name: string;
  address: string;
  postcode: string;
  city: string;
  phone: string;
  email: string;
  timeZone: 'Europe/Paris';
  holidayZone: 'metropole' | 'alsace-moselle';
  /** e.g. wed: [['10:00','12:30'],['14:00','18:00']]; [] = closed that day. */
  openingHours: Record<Weekday, Array<[string, string]>>;
  /** Exceptional closures, ISO dates, both ends included. */
  closures: Array<{ start: string; end: string; reason: string }>;
}

export interface DemoLoanType {
  code: string;
  name: string;
  loanDays: number;
}

export interface DemoReaderCategory {
  code: string;
  name: string;
}

export interface DemoReader {
  cardNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string; // yyyy-mm-dd
  email: string | null;
  phone: string | null;
  mobile: string | null;
  categoryCode: string;
  homeLibraryCode: string;
  membershipExpires: string; // yyyy-mm-dd
  password: string;
  mustChangePassword: boolean;
  language: 'fr' | 'en';
}

export interface DemoStaff {
  login: string;
  name: string;
  email: string;
  password: string;
  role: 'librarian' | 'admin';
  libraryCodes: string[];
}

export interface DemoNetwork {
  name: string;
  libraries: DemoLibrary[];
  loanTypes: DemoLoanType[];
  readerCategories: DemoReaderCategory[];
  readers: DemoReader[];
  staff: DemoStaff[];
  records: MarcRecord[];
}

export interface DemoSignIn {
  who: string;
  login: string;
  password: string;
  note: string;
  role: 'reader' | 'librarian' | 'admin';
}

export const DEMO_NETWORK_NAME = 'Réseau des médiathèques de Val-de-Lys';
/** `today` when the caller gives none: a fixed date, so that the default build never changes. */
export const DEFAULT_DEMO_TODAY = '2025-09-01';
export const DEFAULT_DEMO_RECORD_COUNT = 3000;
export const CARD_NUMBER_PREFIX = '29001';

/** The card number with sequence `n` (1-based). */
export function demoCardNumber(n: number): string {
  return ean13(CARD_NUMBER_PREFIX + String(n).padStart(7, '0'));
}

// -----------------------------------------------------------------------------------------------
// Dates (UTC arithmetic on calendar dates: no time zone is involved).

function parseIsoDate(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new Error(`not a yyyy-mm-dd date: ${s}`);
  return d;
}

function addDays(iso: string, days: number): string {
  const d = parseIsoDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first date on or after `from` that falls on weekday `dow` (0 = Sunday, as Date.getUTCDay). */
function nextWeekday(from: string, dow: number): string {
  const d = parseIsoDate(from);
  return addDays(from, (dow - d.getUTCDay() + 7) % 7);
}

/** The first date on or after `today` falling on month-day `md` ("07-01"). */
function nextAnnual(today: string, md: string): string {
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${md}`;
  return thisYear >= today ? thisYear : `${year + 1}-${md}`;
}

// -----------------------------------------------------------------------------------------------
// Libraries, loan types, categories.

const CLOSED: Array<[string, string]> = [];

function libraries(today: string): DemoLibrary[] {
  const inventory = nextAnnual(today, '07-01');
  const summer = nextAnnual(today, '08-04');
  // Dated from `today` so that the demo always has closures ahead: a training day on a Thursday in
  // about two weeks (it moves due dates at the central library), a week of works starting on a Monday.
  const training = nextWeekday(addDays(today, 10), 4);
  const works = nextWeekday(addDays(today, 28), 1);
  return [
    {
      code: 'CENTRALE',
      name: 'Médiathèque Jeanne-Barret',
      address: '12, place de la République',
      postcode: '59290',
      city: 'Val-de-Lys',
      phone: '03 53 01 20 00',
      email: 'mediatheque.centrale@example.org',
      timeZone: 'Europe/Paris',
      holidayZone: 'metropole',
      openingHours: {
        mon: CLOSED,
        tue: [['10:00', '12:30'], ['14:00', '18:00']],
        wed: [['10:00', '18:00']],
        thu: [['14:00', '18:00']],
        fri: [['14:00', '20:30']], // late evening
        sat: [['10:00', '18:00']],
        sun: CLOSED,
      },
      closures: [
        { start: training, end: training, reason: 'Journée de formation du personnel' },
        { start: inventory, end: addDays(inventory, 4), reason: 'Inventaire annuel' },
      ].sort((x, y) => x.start.localeCompare(y.start)),
    },
    {
      code: 'TILLEULS',
      name: 'Bibliothèque des Tilleuls',
      address: '3, rue des Tilleuls',
      postcode: '59290',
      city: 'Val-de-Lys',
      phone: '03 53 01 20 40',
      email: 'bibliotheque.tilleuls@example.org',
      timeZone: 'Europe/Paris',
      holidayZone: 'metropole',
      openingHours: {
        mon: CLOSED,
        tue: [['16:00', '18:30']],
        wed: [['10:00', '12:00'], ['14:00', '18:00']],
        thu: CLOSED,
        fri: [['16:00', '18:30']],
        sat: [['10:00', '12:00'], ['14:00', '17:00']],
        sun: CLOSED,
      },
      closures: [{ start: works, end: addDays(works, 5), reason: "Travaux de mise en accessibilité de l'entrée" }],
    },
    {
      code: 'STAUBIN',
      name: 'Bibliothèque de Saint-Aubin-sur-Lys',
      address: '1, place de la Mairie',
      postcode: '59291',
      city: 'Saint-Aubin-sur-Lys',
      phone: '03 53 01 20 70',
      email: 'bibliotheque.saint-aubin@example.org',
      timeZone: 'Europe/Paris',
      holidayZone: 'metropole',
      openingHours: {
        mon: CLOSED,
        tue: CLOSED,
        wed: [['14:00', '18:00']],
        thu: CLOSED,
        fri: [['16:30', '19:00']],
        sat: [['09:30', '12:00']],
        sun: CLOSED,
      },
      closures: [{ start: summer, end: addDays(summer, 20), reason: "Fermeture d'été" }],
    },
  ];
}

export const DEMO_LOAN_TYPES: readonly DemoLoanType[] = [
  { code: 'STD', name: 'Prêt 3 semaines', loanDays: 21 },
  { code: '1SEM', name: 'Prêt 1 semaine', loanDays: 7 },
  { code: 'DVD', name: 'Prêt DVD (2 semaines)', loanDays: 14 },
  { code: 'REF', name: 'Consultation sur place', loanDays: 0 },
] satisfies readonly (DemoLoanType & { code: DemoLoanTypeCode })[];

export const DEMO_READER_CATEGORIES: readonly DemoReaderCategory[] = [
  { code: 'ADULTE', name: 'Adulte' },
  { code: 'JEUNE', name: 'Jeune (moins de 18 ans)' },
  { code: 'COLLECTIVITE', name: 'Collectivité' },
  { code: 'PERSONNEL', name: 'Personnel du réseau' },
];

// -----------------------------------------------------------------------------------------------
// Readers. The first ones are the documented demo sign-ins; the rest are drawn from a seeded stream.

interface FixedReader extends Omit<DemoReader, 'cardNumber' | 'birthDate' | 'membershipExpires'> {
  /** Fixed date, or age in years on `today` (for children, who must stay children). */
  birth: string | { age: number; daysSinceBirthday: number };
  /** Days from `today`. */
  expiresIn: number;
  signIn?: { who: string; note: string };
}

const FIXED_READERS: readonly FixedReader[] = [
  {
    firstName: 'Camille', lastName: 'Martin', birth: '1984-03-12', email: 'camille.martin@example.org', phone: null,
    mobile: '06 39 98 12 34', categoryCode: 'ADULTE', homeLibraryCode: 'CENTRALE', expiresIn: 200,
    password: 'Lecture-2024!', mustChangePassword: false, language: 'fr',
    signIn: { who: 'Reader (adult)', note: 'Camille Martin; also signs in with camille.martin@example.org' },
  },
  {
    firstName: 'Lucas', lastName: 'Bernard', birth: '1987-11-05', email: 'lucas.bernard@example.org', phone: '03 53 01 33 21',
    mobile: null, categoryCode: 'ADULTE', homeLibraryCode: 'TILLEULS', expiresIn: 320,
    password: '1987', mustChangePassword: true, language: 'fr',
    signIn: { who: 'Reader, first sign-in', note: 'Lucas Bernard; initial password = birth year, must be changed' },
  },
  {
    firstName: 'Léo', lastName: 'Martin', birth: { age: 10, daysSinceBirthday: 120 }, email: null, phone: null, mobile: null,
    categoryCode: 'JEUNE', homeLibraryCode: 'CENTRALE', expiresIn: 200,
    password: 'Album-2024!', mustChangePassword: false, language: 'fr',
    signIn: { who: 'Child reader (JEUNE)', note: 'Léo Martin, aged 10, son of Camille Martin; no email' },
  },
  {
    firstName: 'Emily', lastName: 'Carter', birth: '1979-08-23', email: 'emily.carter@example.org', phone: null,
    mobile: '06 39 98 40 07', categoryCode: 'ADULTE', homeLibraryCode: 'TILLEULS', expiresIn: 150,
    password: 'Reading-2024!', mustChangePassword: false, language: 'en',
    signIn: { who: 'English-speaking reader', note: 'Emily Carter; portal in English' },
  },
  {
    firstName: 'Henri', lastName: 'Lefèvre', birth: '1951-02-02', email: 'henri.lefevre@example.org', phone: '03 53 01 58 90',
    mobile: null, categoryCode: 'ADULTE', homeLibraryCode: 'STAUBIN', expiresIn: -45,
    password: 'Lecture-2023!', mustChangePassword: false, language: 'fr',
    signIn: { who: 'Reader, membership expired', note: 'Henri Lefèvre; membership ended 45 days ago' },
  },
  {
    firstName: 'Fatou', lastName: 'Diallo', birth: '1992-09-30', email: null, phone: '03 53 01 45 12',
    mobile: '06 39 98 45 12', categoryCode: 'ADULTE', homeLibraryCode: 'TILLEULS', expiresIn: 280,
    password: 'Roman-Policier-7!', mustChangePassword: false, language: 'fr',
    signIn: { who: 'Reader without email', note: 'Fatou Diallo; no email, so no password reset by email' },
  },
  {
    firstName: 'Classe de CE2', lastName: 'École élémentaire Jules-Ferry', birth: '1990-09-01',
    email: 'ce2.jules-ferry@example.org', phone: '03 53 01 61 00', mobile: null, categoryCode: 'COLLECTIVITE',
    homeLibraryCode: 'CENTRALE', expiresIn: 300, password: 'Classe-CE2-2024!', mustChangePassword: false, language: 'fr',
  },
  {
    firstName: 'Isabelle', lastName: 'Roussel', birth: '1976-05-19', email: 'isabelle.roussel@example.org', phone: null,
    mobile: '06 39 98 20 01', categoryCode: 'PERSONNEL', homeLibraryCode: 'CENTRALE', expiresIn: 340,
    password: '1976', mustChangePassword: true, language: 'fr',
  },
  // A parent and child sharing one email address: that address identifies no single account, so both
  // sign in with their card number only (DESIGN.md 5: "the email address when it belongs to exactly one").
  {
    firstName: 'Nadia', lastName: 'Benali', birth: '1983-12-01', email: 'nadia.benali@example.org', phone: null,
    mobile: '06 39 98 77 10', categoryCode: 'ADULTE', homeLibraryCode: 'TILLEULS', expiresIn: 90,
    password: 'Famille-Benali-1!', mustChangePassword: false, language: 'fr',
  },
  {
    firstName: 'Yanis', lastName: 'Benali', birth: { age: 13, daysSinceBirthday: 200 }, email: 'nadia.benali@example.org', phone: null,
    mobile: null, categoryCode: 'JEUNE', homeLibraryCode: 'TILLEULS', expiresIn: 90,
    password: 'Famille-Benali-2!', mustChangePassword: false, language: 'fr',
  },
  // Membership about to end (the expiry notice has something to say) and a name with ligatures.
  {
    firstName: 'Lætitia', lastName: 'Cœuret', birth: '1968-10-27', email: 'laetitia.coeuret@example.org', phone: '03 53 01 72 43',
    mobile: null, categoryCode: 'ADULTE', homeLibraryCode: 'STAUBIN', expiresIn: 10,
    password: 'Lecture-Noel-25!', mustChangePassword: false, language: 'fr',
  },
];

const GENERATED_READERS = 29;
const READER_SEED = 0x1ec7_e0a5;

function birthOf(f: FixedReader, today: string): string {
  if (typeof f.birth === 'string') return f.birth;
  const t = parseIsoDate(today);
  const d = new Date(Date.UTC(t.getUTCFullYear() - f.birth.age, t.getUTCMonth(), t.getUTCDate() - f.birth.daysSinceBirthday));
  return d.toISOString().slice(0, 10);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function readers(today: string): DemoReader[] {
  const out: DemoReader[] = FIXED_READERS.map((f, i) => {
    const { birth: _b, expiresIn, signIn: _s, ...rest } = f;
    return { ...rest, cardNumber: demoCardNumber(i + 1), birthDate: birthOf(f, today), membershipExpires: addDays(today, expiresIn) };
  });
  const rng = new Rng(READER_SEED);
  const names = new Set(out.map((r) => `${r.firstName} ${r.lastName}`));
  const emails = new Set(out.map((r) => r.email).filter((e): e is string => e !== null));
  const year = Number(today.slice(0, 4));
  const libWeights = DEMO_LIBRARY_CODES.map((c, i) => [c, [5, 3, 2][i]!] as [DemoLibraryCode, number]);
  while (out.length < FIXED_READERS.length + GENERATED_READERS) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(SURNAMES);
    const young = rng.chance(0.2);
    const birthYear = year - (young ? rng.int(6, 17) : rng.int(19, 85));
    const birthDate = `${birthYear}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
    const hasEmail = rng.chance(young ? 0.5 : 0.9);
    const phone = rng.chance(0.4) ? `03 53 01 ${pad2(rng.int(0, 99))} ${pad2(rng.int(0, 99))}` : null;
    const mobile = rng.chance(young ? 0.3 : 0.75) ? `06 39 98 ${pad2(rng.int(0, 99))} ${pad2(rng.int(0, 99))}` : null;
    const home = rng.weighted(libWeights);
    const expiresIn = rng.int(15, 360);
    const english = rng.chance(0.05);
    const initial = rng.chance(0.5);
    const key = `${first.name} ${last}`;
    if (names.has(key)) continue;
    names.add(key);
    let email: string | null = null;
    if (hasEmail) {
      const local = emailLocal(first.name, last);
      email = `${local}@example.org`;
      for (let k = 2; emails.has(email); k++) email = `${local}${k}@example.org`;
      emails.add(email);
    }
    const cardNumber = demoCardNumber(out.length + 1);
    out.push({
      cardNumber,
      firstName: first.name,
      lastName: last,
      birthDate,
      email,
      phone,
      mobile,
      categoryCode: young ? 'JEUNE' : 'ADULTE',
      homeLibraryCode: home,
      membershipExpires: addDays(today, expiresIn),
      // The network's initial password is the birth year; readers who signed in since chose their own.
      password: initial ? String(birthYear) : `Lecteur-${cardNumber.slice(-4)}!`,
      mustChangePassword: initial,
      language: english ? 'en' : 'fr',
    });
  }
  return out;
}

// -----------------------------------------------------------------------------------------------
// Staff.

const LIBRARIAN_PASSWORD = 'Colophon-Biblio-2024!';
const ADMIN_PASSWORD = 'Colophon-Admin-2024!';

const STAFF: readonly (DemoStaff & { signIn: { who: string; note: string } })[] = [
  {
    login: 'biblio.centre', name: 'Isabelle Roussel', email: 'isabelle.roussel@example.org', password: LIBRARIAN_PASSWORD,
    role: 'librarian', libraryCodes: ['CENTRALE'],
    signIn: { who: 'Librarian, central library', note: 'Médiathèque Jeanne-Barret (CENTRALE)' },
  },
  {
    login: 'biblio.tilleuls', name: 'Karim Haddad', email: 'karim.haddad@example.org', password: LIBRARIAN_PASSWORD,
    role: 'librarian', libraryCodes: ['TILLEULS'],
    signIn: { who: 'Librarian, Les Tilleuls', note: 'Bibliothèque des Tilleuls (TILLEULS)' },
  },
  {
    login: 'biblio.staubin', name: 'Gaëlle Vasseur', email: 'gaelle.vasseur@example.org', password: LIBRARIAN_PASSWORD,
    role: 'librarian', libraryCodes: ['STAUBIN'],
    signIn: { who: 'Librarian, Saint-Aubin', note: 'Bibliothèque de Saint-Aubin-sur-Lys (STAUBIN)' },
  },
  {
    login: 'admin.reseau', name: 'Jérôme Delattre', email: 'jerome.delattre@example.org', password: ADMIN_PASSWORD,
    role: 'admin', libraryCodes: [...DEMO_LIBRARY_CODES],
    signIn: { who: 'Network administrator', note: 'all three libraries' },
  },
];

/** The documented demo sign-ins, printed by the README and the server's start-up message. */
export const DEMO_SIGN_INS: readonly DemoSignIn[] = [
  ...FIXED_READERS.flatMap((f, i) =>
    f.signIn ? [{ who: f.signIn.who, login: demoCardNumber(i + 1), password: f.password, note: f.signIn.note, role: 'reader' as const }] : [],
  ),
  ...STAFF.map((s) => ({ who: s.signIn.who, login: s.login, password: s.password, note: s.signIn.note, role: s.role })),
];

// -----------------------------------------------------------------------------------------------

export function buildDemoNetwork(opts: { recordCount?: number; today?: string } = {}): DemoNetwork {
  const today = opts.today ?? DEFAULT_DEMO_TODAY;
  parseIsoDate(today);
  return {
    name: DEMO_NETWORK_NAME,
    libraries: libraries(today),
    loanTypes: DEMO_LOAN_TYPES.map((t) => ({ ...t })),
    readerCategories: DEMO_READER_CATEGORIES.map((c) => ({ ...c })),
    readers: readers(today),
    staff: STAFF.map(({ signIn: _s, ...s }) => ({ ...s, libraryCodes: [...s.libraryCodes] })),
    records: generateDemoRecords(opts.recordCount ?? DEFAULT_DEMO_RECORD_COUNT),
  };
}
