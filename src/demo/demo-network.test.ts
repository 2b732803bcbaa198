import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDemoNetwork, DEMO_SIGN_INS, demoCardNumber, DEFAULT_DEMO_TODAY, type DemoNetwork } from './demo-network.js';
import { isValidEan13, isValidIsbn, isValidIssn } from './demo-codes.js';
import { controlValue, dataFields, isControlField, subfield, subfieldValues, type MarcRecord } from '../marc/record.js';
import { AUDIENCES, DOCUMENT_TYPES, type Audience, type DocumentType } from '../marc/model.js';
import { mapRecord } from '../marc/mapping.js';
import { extractCopies } from '../marc/holdings.js';

const TODAY = '2026-03-10';
const network: DemoNetwork = buildDemoNetwork({ today: TODAY });

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) allStrings(v, out);
  return out;
}

/** The document type and audience a UNIMARC mapping should derive (the conventions of demo-records.ts). */
function classify(r: MarcRecord): { type: DocumentType; audience: Audience | null } {
  const forms = dataFields(r, '608').flatMap((f) => subfieldValues(f, 'a'));
  const t = r.leader[6];
  const type: DocumentType =
    t === 'a' ? (r.leader[7] === 's' ? 'periodical' : forms.includes('Bandes dessinées') ? 'comic' : 'book')
    : t === 'b' ? 'manuscript'
    : t === 'c' ? 'score'
    : t === 'e' ? 'map'
    : t === 'g' ? 'film'
    : t === 'i' ? 'audiobook'
    : t === 'j' ? 'music'
    : t === 'k' ? 'image'
    : t === 'l' ? 'ebook'
    : t === 'r' ? 'game'
    : 'other';
  const f100 = subfield(dataFields(r, '100')[0]!, 'a')!;
  const codes = f100.slice(17, 20).replace(/ /g, '');
  const juvenile = /[abcd]/.test(codes);
  const adult = /[km]/.test(codes);
  const audience: Audience | null = juvenile && adult ? 'general' : juvenile ? 'youth' : codes.includes('e') ? 'teen' : adult ? 'adult' : null;
  return { type, audience };
}

const age = (birth: string, today: string): number => {
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
};

const STRONG_PASSWORD = (p: string) => p.length >= 8 && /[A-Z]/.test(p) && /[a-z]/.test(p) && /\d/.test(p) && /[^A-Za-z0-9]/.test(p);

describe('demo network', () => {
  test('two builds with the same options are deep-equal', () => {
    assert.deepEqual(buildDemoNetwork({ today: TODAY }), network);
  });

  test('builds 3000 records by default, with a fixed default date', () => {
    const a = buildDemoNetwork();
    assert.equal(a.records.length, 3000);
    assert.equal(DEFAULT_DEMO_TODAY, '2025-09-01');
    assert.deepEqual(a.records, network.records, 'records do not depend on today');
    assert.deepEqual(buildDemoNetwork({ today: DEFAULT_DEMO_TODAY }).readers, a.readers);
  });

  test('a different record count keeps the first records the same', () => {
    const small = buildDemoNetwork({ recordCount: 250, today: TODAY });
    assert.equal(small.records.length, 250);
    assert.deepEqual(small.records, network.records.slice(0, 250));
    assert.deepEqual(small.readers, network.readers);
    assert.equal(buildDemoNetwork({ recordCount: 0 }).records.length, 0);
  });

  test('refuses a malformed date or record count', () => {
    assert.throws(() => buildDemoNetwork({ today: '2026-02-30' }));
    assert.throws(() => buildDemoNetwork({ today: '10/03/2026' }));
    assert.throws(() => buildDemoNetwork({ recordCount: -1 }));
    assert.throws(() => buildDemoNetwork({ recordCount: 1.5 }));
  });

  test('every text is Unicode NFC, and accented words and ligatures occur', () => {
    const strings = allStrings(network);
    for (const s of strings) assert.equal(s, s.normalize('NFC'), `not NFC: ${s}`);
    const text = strings.join('\n');
    for (const word of ['cœur', 'Œuvres', 'écoles', 'Noël', 'æquo', 'Lætitia', 'sœurs']) assert.ok(text.includes(word), `"${word}" occurs`);
  });
});

describe('demo libraries, loan types and categories', () => {
  const codes = network.libraries.map((l) => l.code);

  test('three libraries with unique codes, real-looking contact details and valid opening hours', () => {
    assert.equal(network.libraries.length, 3);
    assert.equal(new Set(codes).size, 3);
    for (const l of network.libraries) {
      assert.match(l.phone, /^0\d( \d\d){4}$/);
      assert.match(l.email, /@example\.org$/);
      assert.match(l.postcode, /^\d{5}$/);
      assert.equal(l.timeZone, 'Europe/Paris');
      for (const spans of Object.values(l.openingHours)) {
        let last = '00:00';
        for (const [open, close] of spans) {
          assert.match(open, /^([01]\d|2[0-3]):[0-5]\d$/);
          assert.match(close, /^([01]\d|2[0-3]):[0-5]\d$/);
          assert.ok(last <= open && open < close, `${l.code}: ${open}-${close}`);
          last = close;
        }
      }
      for (const c of l.closures) {
        assert.match(c.start, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(c.start <= c.end && c.start >= TODAY, `${l.code}: ${c.start}..${c.end}`);
        assert.ok(c.reason.length > 0);
      }
    }
    assert.ok(network.libraries.some((l) => l.closures.some((c) => c.reason === 'Inventaire annuel')));
    const training = network.libraries[0]!.closures.find((c) => c.reason.startsWith('Journée de formation'))!;
    assert.equal(new Date(training.start + 'T12:00:00Z').getUTCDay(), 4, 'training day is a Thursday, an open day');
  });

  test('the central library is open Tuesday to Saturday with a late evening; the others are smaller', () => {
    const [central, district, village] = network.libraries;
    const openDays = (l: typeof central) => Object.entries(l!.openingHours).filter(([, s]) => s.length > 0).map(([d]) => d);
    assert.deepEqual(openDays(central), ['tue', 'wed', 'thu', 'fri', 'sat']);
    assert.ok(Object.values(central!.openingHours).flat().some(([, close]) => close >= '20:00'));
    assert.deepEqual(district!.openingHours.mon, []);
    assert.deepEqual(district!.openingHours.sun, []);
    assert.ok(Object.values(district!.openingHours).some((s) => s.length === 2), 'split hours');
    assert.equal(Object.values(village!.openingHours).flat().length, 3, 'three half-days');
  });

  test('loan types and reader categories', () => {
    assert.deepEqual(
      network.loanTypes.map((t) => [t.code, t.loanDays]),
      [['STD', 21], ['1SEM', 7], ['DVD', 14], ['REF', 0]],
    );
    assert.deepEqual(network.readerCategories.map((c) => c.code), ['ADULTE', 'JEUNE', 'COLLECTIVITE', 'PERSONNEL']);
  });
});

describe('demo readers and staff', () => {
  const categories = new Set(network.readerCategories.map((c) => c.code));
  const libraries = new Set(network.libraries.map((l) => l.code));

  test('about forty readers with unique, valid card numbers and consistent data', () => {
    const readers = network.readers;
    assert.ok(readers.length >= 35 && readers.length <= 45, `${readers.length} readers`);
    assert.equal(new Set(readers.map((r) => r.cardNumber)).size, readers.length);
    for (const r of readers) {
      assert.match(r.cardNumber, /^29001\d{8}$/);
      assert.ok(isValidEan13(r.cardNumber), r.cardNumber);
      assert.ok(categories.has(r.categoryCode) && libraries.has(r.homeLibraryCode));
      assert.match(r.birthDate, /^\d{4}-\d{2}-\d{2}$/);
      assert.match(r.membershipExpires, /^\d{4}-\d{2}-\d{2}$/);
      if (r.email !== null) assert.match(r.email, /^[a-z0-9.-]+@example\.org$/);
      if (r.phone !== null) assert.match(r.phone, /^0[1-59]( \d\d){4}$/);
      if (r.mobile !== null) assert.match(r.mobile, /^0[67]( \d\d){4}$/);
      if (r.categoryCode === 'JEUNE') assert.ok(age(r.birthDate, TODAY) < 18, `${r.firstName} is under 18`);
      if (r.categoryCode === 'ADULTE') assert.ok(age(r.birthDate, TODAY) >= 18, `${r.firstName} is an adult`);
      if (r.mustChangePassword) assert.equal(r.password, r.birthDate.slice(0, 4), 'initial password = birth year');
      else assert.ok(STRONG_PASSWORD(r.password), `${r.cardNumber}: ${r.password}`);
    }
    assert.equal(readers[0]!.cardNumber, '2900100000017');
    assert.equal(demoCardNumber(1), '2900100000017');
  });

  test('the documented sign-ins exist with their documented properties', () => {
    const reader = (i: number) => {
      const s = DEMO_SIGN_INS.filter((x) => x.role === 'reader')[i]!;
      const r = network.readers.find((x) => x.cardNumber === s.login);
      assert.ok(r, `reader ${s.login}`);
      assert.equal(r.password, s.password);
      return r;
    };
    const adult = reader(0);
    assert.equal(adult.categoryCode, 'ADULTE');
    assert.equal(adult.mustChangePassword, false);
    assert.ok(adult.email && adult.membershipExpires > TODAY);
    assert.equal(network.readers.filter((r) => r.email === adult.email).length, 1, 'email identifies one account');

    const first = reader(1);
    assert.equal(first.mustChangePassword, true);
    assert.equal(first.password, first.birthDate.slice(0, 4));
    assert.match(first.password, /^\d{4}$/);

    const child = reader(2);
    assert.equal(child.categoryCode, 'JEUNE');
    assert.equal(age(child.birthDate, TODAY), 10);
    assert.equal(age(buildDemoNetwork({ recordCount: 0, today: '2031-02-28' }).readers[2]!.birthDate, '2031-02-28'), 10, 'stays 10 whatever today is');

    assert.equal(reader(3).language, 'en');
    assert.ok(reader(4).membershipExpires < TODAY, 'membership expired');
    assert.equal(reader(5).email, null);
    for (let i = 0; i < 6; i++) if (i !== 4) assert.ok(reader(i).membershipExpires > TODAY);
    assert.deepEqual(
      new Set(DEMO_SIGN_INS.map((s) => s.login)).size,
      DEMO_SIGN_INS.length,
      'sign-ins are distinct',
    );
    for (const s of DEMO_SIGN_INS) assert.ok(s.who.length <= 34 && s.note.length > 0);
  });

  test('one librarian per library and a network administrator, with strong passwords', () => {
    for (const l of network.libraries) {
      assert.ok(network.staff.some((s) => s.role === 'librarian' && s.libraryCodes.length === 1 && s.libraryCodes[0] === l.code), l.code);
    }
    const admin = network.staff.find((s) => s.login === 'admin.reseau');
    assert.equal(admin?.role, 'admin');
    assert.deepEqual([...admin!.libraryCodes].sort(), [...libraries].sort());
    for (const s of network.staff) {
      assert.ok(STRONG_PASSWORD(s.password), s.login);
      assert.match(s.email, /@example\.org$/);
      const signIn = DEMO_SIGN_INS.find((x) => x.login === s.login);
      assert.ok(signIn, `${s.login} is documented`);
      assert.equal(signIn.password, s.password);
      assert.equal(signIn.role, s.role);
    }
    assert.equal(new Set(network.staff.map((s) => s.login)).size, network.staff.length);
  });

  test('membership dates follow the today option', () => {
    const later = buildDemoNetwork({ recordCount: 0, today: '2030-01-15' });
    assert.ok(later.readers[4]!.membershipExpires < '2030-01-15');
    assert.ok(later.readers[0]!.membershipExpires > '2030-01-15');
    assert.ok(age(later.readers[2]!.birthDate, '2030-01-15') < 18);
  });
});

describe('demo catalogue', () => {
  const records = network.records;
  const libraries = new Set(network.libraries.map((l) => l.code));
  const loanTypes = new Set(network.loanTypes.map((t) => t.code));

  test('leaders and 100 fields are well formed, control numbers unique', () => {
    const ids = new Set<string>();
    for (const r of records) {
      assert.equal(r.leader.length, 24, r.leader);
      assert.match(r.leader, /^\d{5}n[abcegijklr][ms] {2}22\d{5} {3}450 $/);
      const id = controlValue(r, '001');
      assert.match(id ?? '', /^DEMO\d{6}$/);
      ids.add(id!);
      const f100 = subfield(dataFields(r, '100')[0]!, 'a')!;
      assert.equal(f100.length, 36, `${id}: 100 $a`);
      assert.match(f100, /^(19|20)\d{6}[abdf]\d{4}/);
      assert.ok(dataFields(r, '200').length === 1 && subfield(dataFields(r, '200')[0]!, 'a'), `${id}: title`);
      assert.ok(dataFields(r, '101').length === 1 && dataFields(r, '102').length === 1);
      const tags = r.fields.map((f) => f.tag);
      assert.deepEqual(tags, [...tags].sort(), `${id}: tags in order`);
      for (const f of r.fields) {
        if (isControlField(f)) continue;
        assert.equal(f.ind1.length, 1);
        assert.equal(f.ind2.length, 1);
        assert.ok(f.subfields.length > 0 && f.subfields.every((s) => s.code.length === 1 && s.value.length > 0), `${id} ${f.tag}`);
      }
    }
    assert.equal(ids.size, records.length);
  });

  test('ISBNs, ISSNs and EANs have valid check digits and are unique', () => {
    const isbns = records.flatMap((r) => dataFields(r, '010').map((f) => subfield(f, 'a')!));
    const issns = records.flatMap((r) => dataFields(r, '011').map((f) => subfield(f, 'a')!));
    const eans = records.flatMap((r) => dataFields(r, '073').map((f) => subfield(f, 'a')!));
    assert.ok(isbns.length > 1500 && issns.length > 20 && eans.length > 200);
    for (const i of isbns) assert.ok(isValidIsbn(i), i);
    for (const i of issns) assert.ok(isValidIssn(i), i);
    for (const e of eans) assert.ok(isValidEan13(e), e);
    assert.ok(isbns.some((i) => i.replace(/-/g, '').length === 10) && isbns.some((i) => i.startsWith('978-2-')));
    const norm = isbns.map((i) => { const d = i.replace(/-/g, ''); return d.length === 10 ? '978' + d.slice(0, 9) : d.slice(0, 12); });
    assert.equal(new Set(norm).size, norm.length, 'no two records share an ISBN');
    assert.equal(new Set(issns).size, issns.length);
    assert.equal(new Set(eans).size, eans.length);
  });

  test('holdings: unique barcodes, known libraries and loan types, 1-4 copies per physical document', () => {
    const barcodes = new Set<string>();
    let copies = 0;
    for (const r of records) {
      const items = dataFields(r, '995');
      const { type } = classify(r);
      if (type === 'ebook') {
        assert.equal(items.length, 0, 'e-books have no copies');
        assert.match(subfield(dataFields(r, '856')[0]!, 'u') ?? '', /^https:\/\/example\.org\//);
        continue;
      }
      assert.equal(dataFields(r, '856').length, 0);
      assert.ok(items.length >= 1 && items.length <= 4, `${controlValue(r, '001')}: ${items.length} copies`);
      for (const f of items) {
        copies++;
        const barcode = subfield(f, 'f')!;
        assert.ok(isValidEan13(barcode) && barcode.startsWith('39001'), barcode);
        assert.ok(!barcodes.has(barcode), `duplicate barcode ${barcode}`);
        barcodes.add(barcode);
        assert.ok(libraries.has(subfield(f, 'b')!) && libraries.has(subfield(f, 'c')!));
        assert.ok(loanTypes.has(subfield(f, 'r')!));
        assert.ok(subfield(f, 'k') && subfield(f, 'e'));
      }
    }
    assert.ok(copies > records.length);
    const cards = new Set(network.readers.map((r) => r.cardNumber));
    for (const b of barcodes) assert.ok(!cards.has(b));
    const loans = records.flatMap((r) => dataFields(r, '995').map((f) => subfield(f, 'r')));
    for (const t of loanTypes) assert.ok(loans.includes(t), `loan type ${t} used`);
  });

  test('heritage documents are for consultation on site at the central library', () => {
    const heritage = records.filter((r) => dataFields(r, '995').some((f) => subfield(f, 'e') === 'Fonds patrimonial'));
    assert.ok(heritage.length > 50);
    for (const r of heritage) {
      for (const f of dataFields(r, '995')) assert.deepEqual([subfield(f, 'b'), subfield(f, 'r')], ['CENTRALE', 'REF']);
      const year = Number(subfield(dataFields(r, '100')[0]!, 'a')!.slice(9, 13));
      assert.ok(year >= 1845 && year < 1961, `heritage year ${year}`);
    }
  });

  test('every document type and every audience occurs, even in a small build', () => {
    for (const build of [records, buildDemoNetwork({ recordCount: 30 }).records]) {
      const seen = build.map(classify);
      for (const t of DOCUMENT_TYPES.filter((t) => t !== 'other')) assert.ok(seen.some((s) => s.type === t), `type ${t}`);
      for (const a of AUDIENCES) assert.ok(seen.some((s) => s.audience === a), `audience ${a}`);
      assert.ok(seen.every((s) => s.audience !== null));
    }
  });

  test("the importer's UNIMARC mapping reads every record and copy as intended", () => {
    for (const r of records) {
      const id = controlValue(r, '001');
      const bib = mapRecord(r, 'unimarc');
      assert.deepEqual({ type: bib.documentType, audience: bib.audience }, classify(r), `${id}`);
      assert.equal(bib.controlNumber, id);
      assert.ok(bib.title.length > 0 && bib.year !== null && bib.language !== null && bib.authors.every((a) => a.roleCode), `${id}`);
      const copies = extractCopies(r, 'unimarc');
      assert.equal(copies.length, dataFields(r, '995').length);
      for (const c of copies) assert.ok(c.barcode && c.callNumber && c.shelfLocation && c.loanTypeCode && c.status === 'on_shelf', `${id}`);
    }
  });

  test('the catalogue has the variety a demo needs', () => {
    const langs = new Set(records.flatMap((r) => dataFields(r, '101').flatMap((f) => subfieldValues(f, 'a'))));
    for (const l of ['fre', 'eng', 'spa', 'ger']) assert.ok(langs.has(l), `language ${l}`);
    const roles = new Set(records.flatMap((r) => ['700', '701', '702'].flatMap((t) => dataFields(r, t).flatMap((f) => subfieldValues(f, '4')))));
    for (const code of ['070', '440', '730', '230', '590', '300']) assert.ok(roles.has(code), `relator ${code}`);
    const publishers = new Set(records.flatMap((r) => dataFields(r, '210').flatMap((f) => subfieldValues(f, 'c'))));
    for (const p of ['Gallimard', 'Flammarion', 'Actes Sud', "L'École des loisirs", 'Dargaud', 'Casterman', 'Glénat']) assert.ok(publishers.has(p), p);
    assert.ok(records.some((r) => dataFields(r, '225').length > 0));
    assert.ok(records.some((r) => dataFields(r, '330').length > 0));
    assert.ok(records.some((r) => dataFields(r, '606').some((f) => subfield(f, 'y') && subfield(f, 'z'))));
    const titles = new Set(records.map((r) => subfield(dataFields(r, '200')[0]!, 'a')));
    assert.ok(titles.size > records.length / 3, `${titles.size} distinct titles`);
    const years = records.map((r) => Number(subfield(dataFields(r, '100')[0]!, 'a')!.slice(9, 13)));
    assert.ok(Math.min(...years) >= 1850 && Math.max(...years) <= 2025);
  });
});
