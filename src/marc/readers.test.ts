import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { detectSyntax, readMarcBuffer, readMarcFile, type MarcSyntax, type ReadItem } from './readers.js';
import { controlValue, dataFields, isDataField, type DataField, type MarcRecord } from './record.js';
import { sharedDataSkip, sharedFile } from '../../test/helpers/shared-data.js';

// ---------------------------------------------------------------------------------------------
// Helpers

type Ok = Extract<ReadItem, { ok: true }>;
type Bad = Extract<ReadItem, { ok: false }>;

const read = (input: Buffer | string, syntax?: MarcSyntax): ReadItem[] => [...readMarcBuffer(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, syntax)];

async function readFile(path: string, opts: Parameters<typeof readMarcFile>[1] = {}): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const it of readMarcFile(path, opts)) out.push(it);
  return out;
}

function ok(it: ReadItem | undefined): Ok {
  assert.ok(it, 'missing item');
  assert.ok(it.ok, `expected a record, got: ${it.ok ? '' : it.reason}`);
  return it;
}

function bad(it: ReadItem | undefined): Bad {
  assert.ok(it, 'missing item');
  assert.ok(!it.ok, 'expected an unreadable item');
  return it;
}

function summary(items: ReadItem[]): string {
  return items.map((i) => (i.ok ? 'ok' : 'bad')).join(',');
}

/** Field content for the ISO builder: [tag, bytes without the field terminator]. */
type RawField = [string, string | Buffer];

/** Builds a well-formed ISO 2709 record; `leader9` is the encoding flag. Field strings are UTF-8. */
function iso(fields: RawField[], leader9 = 'a', type = 'nam'): Buffer {
  const bodies: Buffer[] = [];
  let dir = '';
  let pos = 0;
  for (const [tag, content] of fields) {
    const body = Buffer.concat([typeof content === 'string' ? Buffer.from(content, 'utf8') : content, Buffer.from([0x1e])]);
    dir += tag + String(body.length).padStart(4, '0') + String(pos).padStart(5, '0');
    bodies.push(body);
    pos += body.length;
  }
  const directory = Buffer.from(dir + '\x1e', 'latin1');
  const base = 24 + directory.length;
  const length = base + pos + 1;
  const leader = `${String(length).padStart(5, '0')}${type} ${leader9}22${String(base).padStart(5, '0')} i 4500`;
  assert.equal(leader.length, 24);
  return Buffer.concat([Buffer.from(leader, 'latin1'), directory, ...bodies, Buffer.from([0x1d])]);
}

const SAMPLE: RawField[] = [
  ['001', 'rec-1'],
  ['245', '10\x1faLe petit prince /\x1fcAntoine de Saint-Exupéry.'],
  ['650', ' 0\x1faFables.'],
];

function sample(id: string): Buffer {
  return iso([['001', id], ...SAMPLE.slice(1)]);
}

// ---------------------------------------------------------------------------------------------
// detectSyntax

test('detectSyntax recognises each syntax, skipping a BOM and whitespace', () => {
  assert.equal(detectSyntax(Buffer.from('00123nam a2200037 i 4500')), 'iso2709');
  assert.equal(detectSyntax(Buffer.from('\ufeff  <?xml version="1.0"?><collection/>')), 'marcxml');
  assert.equal(detectSyntax(Buffer.from('\n[{"leader":"x"}]')), 'mij');
  assert.equal(detectSyntax(Buffer.from('{"leader":"x"}\n')), 'mij');
  assert.equal(detectSyntax(Buffer.from('@article{x,')), null);
  assert.equal(detectSyntax(Buffer.from('0012')), null);
  assert.equal(detectSyntax(Buffer.alloc(0)), null);
});

test('an unrecognised file gives one unreadable item, an empty one none', () => {
  const items = read('@article{x, title={y}}');
  assert.equal(items.length, 1);
  assert.match(bad(items[0]).reason, /unrecognised file format/);
  assert.equal(read('').length, 0);
  assert.equal(read('  \n').length, 0);
});

// ---------------------------------------------------------------------------------------------
// ISO 2709: well-formed input

test('ISO 2709: reads control fields, indicators and subfields, with index and offset', () => {
  const a = sample('a');
  const b = sample('b');
  const items = read(Buffer.concat([a, b]));
  assert.equal(items.length, 2);
  const first = ok(items[0]);
  assert.equal(first.index, 1);
  assert.equal(first.offset, 0);
  assert.equal(first.encoding, 'utf8');
  assert.equal(first.warnings, undefined);
  assert.equal(first.record.leader.length, 24);
  assert.equal(controlValue(first.record, '001'), 'a');
  const f245 = dataFields(first.record, '245')[0]!;
  assert.deepEqual(f245, {
    tag: '245',
    ind1: '1',
    ind2: '0',
    subfields: [
      { code: 'a', value: 'Le petit prince /' },
      { code: 'c', value: 'Antoine de Saint-Exupéry.' },
    ],
  });
  const second = ok(items[1]);
  assert.equal(second.index, 2);
  assert.equal(second.offset, a.length);
  assert.equal(controlValue(second.record, '001'), 'b');
});

test('ISO 2709: line breaks between records and at the end are padding, not records', () => {
  const items = read(Buffer.concat([sample('a'), Buffer.from('\r\n'), sample('b'), Buffer.from('\n\n')]));
  assert.equal(summary(items), 'ok,ok');
});

test('ISO 2709: a UTF-8 BOM before the first record is skipped', () => {
  const items = read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sample('a')]));
  assert.equal(summary(items), 'ok');
  assert.equal(items[0]!.offset, 3);
});

test('ISO 2709: text is NFC even when the file has decomposed UTF-8', () => {
  const rec = iso([['245', '10\x1faCafe\u0301 Noe\u0308l'], ['008', 'e\u0301']]);
  const r = ok(read(rec)[0]).record;
  assert.equal((r.fields[0] as DataField).subfields[0]!.value, 'Café Noël');
  assert.equal(controlValue(r, '008'), 'é');
});

test('ISO 2709 encoding: leader/09 "a" is UTF-8; blank with valid UTF-8 is UTF-8 (UNIMARC); blank otherwise is MARC-8', () => {
  const utf8Flagged = ok(read(iso([['200', '1 \x1faÉté']], 'a'))[0]);
  assert.equal(utf8Flagged.encoding, 'utf8');
  const unimarc = ok(read(iso([['200', '1 \x1faÉté']], ' '))[0]);
  assert.equal(unimarc.encoding, 'utf8');
  assert.equal((unimarc.record.fields[0] as DataField).subfields[0]!.value, 'Été');
  // MARC-8: ANSEL acute (0xE2) precedes its base letter
  const marc8 = ok(read(iso([['245', Buffer.from('10\x1faCaf\xe2e', 'latin1')]], ' '))[0]);
  assert.equal(marc8.encoding, 'marc8');
  assert.equal((marc8.record.fields[0] as DataField).subfields[0]!.value, 'Café');
});

test('ISO 2709 encoding: pure-ASCII records with a blank leader/09 follow the file (UTF-8 after UTF-8 records)', () => {
  const items = read(Buffer.concat([iso([['200', '1 \x1faÉté']], ' '), iso([['200', '1 \x1faSummer']], ' ')]));
  assert.deepEqual(
    items.map((i) => ok(i).encoding),
    ['utf8', 'utf8'],
  );
  assert.equal(ok(read(iso([['245', '10\x1faSummer']], ' '))[0]).encoding, 'marc8');
});

// ---------------------------------------------------------------------------------------------
// ISO 2709: damaged input. Each case: the damaged record is reported, its neighbours are read.

test('ISO 2709: a truncated file reports the last record as truncated', () => {
  const a = sample('a');
  const b = sample('b');
  const items = read(Buffer.concat([a, b.subarray(0, 40)]));
  assert.equal(summary(items), 'ok,bad');
  const r = bad(items[1]);
  assert.equal(r.index, 2);
  assert.equal(r.offset, a.length);
  assert.match(r.reason, /truncated/);
});

test('ISO 2709: a record cut short and followed by another record is reported, the next one is read', () => {
  const a = sample('a');
  const b = sample('b');
  const c = sample('c');
  const items = read(Buffer.concat([a, b.subarray(0, 60), c]));
  assert.equal(summary(items), 'ok,bad,ok');
  assert.match(bad(items[1]).reason, /truncated or unterminated/);
  assert.equal(controlValue(ok(items[2]).record, '001'), 'c');
  assert.equal(items[2]!.offset, a.length + 60);
});

test('ISO 2709: garbage between records is one unreadable item; reading resumes at the next leader', () => {
  const a = sample('a');
  const junk = Buffer.from('GARBAGE here 12345 <-- not a record');
  const b = sample('b');
  const items = read(Buffer.concat([a, junk, b]));
  assert.equal(summary(items), 'ok,bad,ok');
  const g = bad(items[1]);
  assert.equal(g.index, 2);
  assert.equal(g.offset, a.length);
  assert.match(g.reason, /unrecognised data "GARBAGE here 123/);
  assert.match(g.reason, new RegExp(`skipped ${junk.length} bytes`));
  assert.equal(ok(items[2]).offset, a.length + junk.length);
});

test('ISO 2709: garbage at the end of the file is reported', () => {
  const items = read(Buffer.concat([sample('a'), Buffer.from('trailing junk\n')]));
  assert.equal(summary(items), 'ok,bad');
  assert.match(bad(items[1]).reason, /to the end of the input/);
});

test('ISO 2709: a record whose length is not numeric is reported; the next record is read', () => {
  const b = sample('b');
  b.write('0a1x3', 0, 'latin1');
  const items = read(Buffer.concat([sample('a'), b, sample('c')]));
  assert.equal(summary(items), 'ok,bad,ok');
  assert.match(bad(items[1]).reason, /record length "0a1x3" is not numeric/);
  assert.equal(controlValue(ok(items[2]).record, '001'), 'c');
});

test('ISO 2709: a wrong record length is repaired from the record terminator', () => {
  const b = sample('b');
  b.write('00999', 0, 'latin1');
  const items = read(Buffer.concat([sample('a'), b, sample('c')]));
  assert.equal(summary(items), 'ok,ok,ok');
  const r = ok(items[1]);
  assert.match(r.warnings!.join(), /declares 999 bytes but the record terminator ends the record after \d+ bytes/);
  assert.equal(controlValue(r.record, '001'), 'b');
});

test('ISO 2709: a record without its terminator is reported when the next record starts where its length says', () => {
  const a = sample('a');
  const items = read(Buffer.concat([a.subarray(0, a.length - 1), sample('b'), sample('c')]));
  assert.equal(summary(items), 'bad,ok,ok');
  assert.match(bad(items[0]).reason, /no record terminator/);
  assert.equal(items[1]!.offset, a.length - 1);
  // and at the very end of the file
  const last = read(Buffer.concat([sample('x'), a.subarray(0, a.length - 1)]));
  assert.equal(summary(last), 'ok,bad');
  assert.match(bad(last[1]).reason, /no record terminator/);
});

test('ISO 2709: a directory that is not a multiple of 12 bytes is reported', () => {
  // drop one byte of the directory, keep lengths consistent with what is left
  const good = sample('b');
  const base = Number(good.toString('latin1', 12, 17));
  const damaged = Buffer.concat([good.subarray(0, 30), good.subarray(31)]);
  damaged.write(String(damaged.length).padStart(5, '0'), 0, 'latin1');
  damaged.write(String(base - 1).padStart(5, '0'), 12, 'latin1');
  const items = read(Buffer.concat([sample('a'), damaged, sample('c')]));
  assert.equal(summary(items), 'ok,bad,ok');
  assert.match(bad(items[1]).reason, /directory is 35 bytes long, not a multiple of 12/);
});

test('ISO 2709: a non-numeric directory entry is reported', () => {
  const b = sample('b');
  b.write('00x4', 24 + 12 + 3, 'latin1'); // length of the second entry
  const items = read(Buffer.concat([sample('a'), b, sample('c')]));
  assert.equal(summary(items), 'ok,bad,ok');
  assert.match(bad(items[1]).reason, /directory entry 2 \(tag 245\): length\/start "00x400002" is not numeric/);
});

test('ISO 2709: a directory entry pointing outside the record is reported when the fields cannot be recovered', () => {
  // an extra entry points past the end: 4 entries but only 3 fields, so directory order cannot help
  const b = iso([...SAMPLE, ['700', '1 \x1faX']]);
  const dirEntry4 = 24 + 3 * 12;
  b.write('0005' + '90000', dirEntry4 + 3, 'latin1');
  // remove field 4's data so the data area holds 3 fields
  const f4len = Buffer.byteLength('1 \x1faX') + 1;
  const cut = Buffer.concat([b.subarray(0, b.length - 1 - f4len), Buffer.from([0x1d])]);
  cut.write(String(cut.length).padStart(5, '0'), 0, 'latin1');
  const items = read(Buffer.concat([sample('a'), cut, sample('c')]));
  assert.equal(summary(items), 'ok,bad,ok');
  assert.match(bad(items[1]).reason, /directory entry 4 \(tag 700\) starts at 90000, outside the record/);
});

test('ISO 2709: directory starts that are wrong but one field per entry are read in directory order (HathiTrust overflow)', () => {
  const b = sample('b');
  b.write('99999', 24 + 2 * 12 + 7, 'latin1'); // start of the third entry
  const r = ok(read(b)[0]);
  assert.match(r.warnings!.join(), /taken in directory order/);
  assert.equal(dataFields(r.record, '650')[0]!.subfields[0]!.value, 'Fables.');
});

test('ISO 2709: a field length off by one is repaired from the field terminator', () => {
  const b = sample('b');
  b.write('0053', 24 + 12 + 3, 'latin1'); // 245 is 52 bytes
  const r = ok(read(b)[0]);
  assert.match(r.warnings!.join(), /1 directory entry states a wrong field length/);
  assert.equal(dataFields(r.record, '245')[0]!.subfields[1]!.value, 'Antoine de Saint-Exupéry.');
});

test('ISO 2709: a stretch without any record terminator longer than the limit is reported, not buffered', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'colophon-readers-'));
  try {
    const path = join(dir, 'big.mrc');
    // a leader-like start, then 3 MiB without 0x1D, then a good record
    const filler = Buffer.alloc(3 * 1024 * 1024, 0x41);
    writeFileSync(path, Buffer.concat([Buffer.from('99999nam a2200025 i 4500'), filler, Buffer.from([0x1d]), sample('z')]));
    const items = await readFile(path, { maxRecordBytes: 1024 * 1024, chunkSize: 256 * 1024 });
    assert.equal(summary(items), 'bad,ok');
    assert.match(bad(items[0]).reason, /no record terminator/);
    assert.equal(controlValue(ok(items[1]).record, '001'), 'z');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ISO 2709: damaged input never throws or hangs (random byte damage)', () => {
  const clean = Buffer.concat(Array.from({ length: 20 }, (_, i) => sample(`r${i}`)));
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let round = 0; round < 300; round++) {
    const b = Buffer.from(clean);
    const hits = 1 + Math.floor(rnd() * 8);
    for (let k = 0; k < hits; k++) b[Math.floor(rnd() * b.length)] = [0x1d, 0x1e, 0x1f, 0x30, 0x41, 0xff, 0x00][Math.floor(rnd() * 7)]!;
    const cut = b.subarray(0, Math.floor(b.length * (0.5 + rnd() / 2)));
    const items = read(cut, 'iso2709');
    items.forEach((it, i) => {
      assert.equal(it.index, i + 1);
      if (i > 0) assert.ok(it.offset > items[i - 1]!.offset, 'offsets grow');
      if (!it.ok) assert.ok(it.reason.length > 0);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// MARCXML

const XML_REC = (id: string, extra = ''): string =>
  `<record><leader>00000nam a2200000 i 4500</leader><controlfield tag="001">${id}</controlfield>` +
  `<datafield tag="245" ind1="1" ind2="0"><subfield code="a">Titre ${id}</subfield></datafield>${extra}</record>`;

test('MARCXML: default namespace, prefixed namespace and no namespace give the same records', () => {
  const dflt = `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">${XML_REC('1')}${XML_REC('2')}</collection>`;
  const prefixed = dflt.replace(/<(\/?)(\w+)/g, '<$1marc:$2').replace('<marc:collection xmlns=', '<marc:collection xmlns:marc=').replace('<?xml', '<?xml');
  const none = `<collection>${XML_REC('1')}${XML_REC('2')}</collection>`;
  const a = read(dflt);
  const b = read(prefixed);
  const c = read(none);
  assert.match(prefixed, /<marc:subfield code="a">/);
  assert.equal(summary(a), 'ok,ok');
  assert.deepEqual(b.map((i) => ok(i).record), a.map((i) => ok(i).record));
  assert.deepEqual(c.map((i) => ok(i).record), a.map((i) => ok(i).record));
  const r = ok(a[0]).record;
  assert.equal(controlValue(r, '001'), '1');
  assert.deepEqual(dataFields(r, '245')[0], { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'Titre 1' }] });
});

test('MARCXML: offsets are byte offsets of the <record> start tag', () => {
  const head = '<?xml version="1.0"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n  ';
  const one = XML_REC('é1');
  const xml = `${head}${one}\n  ${XML_REC('2')}</collection>`;
  const items = read(xml);
  assert.equal(items[0]!.offset, Buffer.byteLength(head));
  assert.equal(items[1]!.offset, Buffer.byteLength(head + one + '\n  '));
  // with a BOM the offsets count its three bytes
  const withBom = read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]));
  assert.equal(withBom[0]!.offset, Buffer.byteLength(head) + 3);
});

test('MARCXML: a single <record> root and several concatenated <record> roots are read', () => {
  assert.equal(summary(read(XML_REC('1'))), 'ok');
  assert.equal(summary(read(`  ${XML_REC('1')}\n  ${XML_REC('2')}\n${XML_REC('3')}\n`)), 'ok,ok,ok');
});

test('MARCXML: <record>s inside another vocabulary (OAI-PMH) are found; the wrapper\'s own <record> is not', () => {
  const oai =
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header/><metadata>' +
    `<marc:record xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:leader>00000nam a2200000 i 4500</marc:leader><marc:controlfield tag="001">x</marc:controlfield></marc:record>` +
    '</metadata></record></ListRecords></OAI-PMH>';
  const items = read(oai);
  assert.equal(summary(items), 'ok');
  assert.equal(controlValue(ok(items[0]).record, '001'), 'x');
});

test('MARCXML: a record without <leader> or with a <subfield> outside a <datafield> is reported; reading goes on', () => {
  const xml =
    `<collection>${XML_REC('1')}<record><controlfield tag="001">2</controlfield></record>` +
    `<record><leader>00000nam a2200000 i 4500</leader><subfield code="a">x</subfield></record>${XML_REC('4')}</collection>`;
  const items = read(xml);
  assert.equal(summary(items), 'ok,bad,bad,ok');
  assert.match(bad(items[1]).reason, /record has no <leader>/);
  assert.match(bad(items[2]).reason, /<subfield> outside a <datafield>/);
  assert.deepEqual(
    items.map((i) => i.index),
    [1, 2, 3, 4],
  );
});

test('MARCXML: an undefined entity spoils its record only', () => {
  const xml = `<collection>${XML_REC('1')}${XML_REC('2&nbsp;')}${XML_REC('3')}</collection>`;
  const items = read(xml);
  assert.equal(summary(items), 'ok,bad,ok');
  assert.match(bad(items[1]).reason, /undefined entity/);
});

test('MARCXML: XML broken mid-way ends the stream with one item giving line and column', () => {
  const xml = `<collection>\n${XML_REC('1')}\n${XML_REC('2')}\n<record><leader>00000nam a2200000 i 4500</leader>\n<datafield tag="245"><subfield code="a">x</datafield>\n</record>\n${XML_REC('4')}\n</collection>`;
  const items = read(xml);
  assert.equal(summary(items), 'ok,ok,bad');
  const r = bad(items[2]);
  assert.equal(r.index, 3);
  assert.equal(r.offset, xml.indexOf('<record><leader>00000nam a2200000 i 4500</leader>\n'));
  assert.match(r.reason, /XML is not well-formed at line 5, column \d+: .*; reading stopped$/);
});

test('MARCXML: a truncated file ends with one unreadable item', () => {
  const xml = `<collection>${XML_REC('1')}${XML_REC('2')}`;
  const items = read(xml.slice(0, xml.length - 30));
  assert.equal(summary(items), 'ok,bad');
  assert.match(bad(items[1]).reason, /not well-formed/);
  // cut between records
  const between = read(`<collection>${XML_REC('1')}`);
  assert.equal(summary(between), 'ok,bad');
  assert.match(bad(between[1]).reason, /unclosed tag: collection; reading stopped after 1 record$/);
});

test('MARCXML: text is NFC', () => {
  const items = read(`<record><leader>00000nam a2200000 i 4500</leader><controlfield tag="001">e\u0301</controlfield><datafield tag="245" ind1=" " ind2=" "><subfield code="a">Noe\u0308l</subfield></datafield></record>`);
  const r = ok(items[0]).record;
  assert.equal(controlValue(r, '001'), 'é');
  assert.equal(dataFields(r, '245')[0]!.subfields[0]!.value, 'Noël');
});

test('MARCXML: records split across many small chunks read the same, with the same offsets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'colophon-readers-'));
  try {
    const xml = `\ufeff<?xml version="1.0"?>\n<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">${[1, 2, 3].map((i) => XML_REC(`Été ${i}`).replace(/<(\/?)(\w+)/g, '<$1marc:$2')).join('\n')}</marc:collection>`;
    const path = join(dir, 'x.xml');
    writeFileSync(path, xml);
    const whole = read(readFileSync(path));
    for (const chunkSize of [1, 3, 7]) assert.deepEqual(await readFile(path, { chunkSize }), whole);
    assert.equal(summary(whole), 'ok,ok,ok');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// MARC-in-JSON

const MIJ = (id: string): string =>
  JSON.stringify({ leader: '00000nam a2200000 i 4500', fields: [{ '001': id }, { '245': { ind1: '1', ind2: '0', subfields: [{ a: `Titre ${id}` }] } }] });

test('MARC-in-JSON: a single object, an array and newline-delimited objects', () => {
  const one = read(MIJ('1'));
  assert.equal(summary(one), 'ok');
  assert.deepEqual(dataFields(ok(one[0]).record, '245')[0], { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'Titre 1' }] });
  assert.equal(summary(read(`[${MIJ('1')},\n${MIJ('2')}]`)), 'ok,ok');
  const nd = read(`${MIJ('1')}\n${MIJ('2')}\n`);
  assert.equal(summary(nd), 'ok,ok');
  assert.equal(nd[1]!.offset, MIJ('1').length + 1);
});

test('MARC-in-JSON: bad elements in an array are reported and the rest is read', () => {
  const input = `[${MIJ('1')}, 42, {"fields": []}, {"leader": "x", "fields": [{"245": "a", "246": "b"}]}, ${MIJ('5')}]`;
  const items = read(input);
  assert.equal(summary(items), 'ok,bad,bad,bad,ok');
  assert.match(bad(items[1]).reason, /not a JSON object \(number\)/);
  assert.match(bad(items[2]).reason, /no "leader"/);
  assert.match(bad(items[3]).reason, /fields\[0\] has 2 keys/);
  assert.equal(items[4]!.index, 5);
  assert.equal(items[4]!.offset, input.lastIndexOf('{"leader"'));
});

test('MARC-in-JSON: a broken line in newline-delimited JSON is reported and the next lines are read', () => {
  const input = `${MIJ('1')}\n{"leader": "00000nam a2200000 i 4500, "fields": []}\n${MIJ('3')}\n{"leader": 1, "fields": []\n${MIJ('5')}\n`;
  const items = read(input);
  assert.equal(summary(items), 'ok,bad,ok,bad,ok');
  assert.match(bad(items[1]).reason, /string is not closed before the end of the line/);
  assert.equal(controlValue(ok(items[2]).record, '001'), '3');
  assert.match(bad(items[3]).reason, /object is not closed at the end of its line/);
  assert.equal(controlValue(ok(items[4]).record, '001'), '5');
});

test('MARC-in-JSON: a truncated array and data after the array are reported', () => {
  const t = read(`[${MIJ('1')}, ${MIJ('2').slice(0, 30)}`);
  assert.equal(summary(t), 'ok,bad');
  assert.match(bad(t[1]).reason, /truncated/);
  const after = read(`[${MIJ('1')}] trailing`);
  assert.equal(summary(after), 'ok,bad');
  assert.match(bad(after[1]).reason, /after the end of the JSON array/);
});

test('MARC-in-JSON: BOM, NFC', () => {
  const items = read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MIJ('Noe\u0308l'))]));
  assert.equal(controlValue(ok(items[0]).record, '001'), 'Noël');
  assert.equal(items[0]!.offset, 3);
});

test('MARC-in-JSON: small chunks read the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'colophon-readers-'));
  try {
    const path = join(dir, 'x.json');
    writeFileSync(path, `[\n${MIJ('é"1')},\n${MIJ('2')}\n]\n`);
    const whole = read(readFileSync(path));
    assert.equal(summary(whole), 'ok,ok');
    for (const chunkSize of [1, 5]) assert.deepEqual(await readFile(path, { chunkSize }), whole);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('MARCXML and MARC-in-JSON: damaged input never throws or hangs (random byte damage)', () => {
  const xml = Buffer.from(`<?xml version="1.0"?><collection xmlns="http://www.loc.gov/MARC21/slim">${Array.from({ length: 10 }, (_, i) => XML_REC(`r${i}`)).join('\n')}</collection>`);
  const nd = Buffer.from(Array.from({ length: 10 }, (_, i) => MIJ(`r${i}`)).join('\n'));
  const arr = Buffer.from(`[${Array.from({ length: 10 }, (_, i) => MIJ(`r${i}`)).join(',\n')}]`);
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const [clean, syntax] of [
    [xml, 'marcxml'],
    [nd, 'mij'],
    [arr, 'mij'],
  ] as const) {
    for (let round = 0; round < 200; round++) {
      const b = Buffer.from(clean);
      const hits = 1 + Math.floor(rnd() * 6);
      for (let k = 0; k < hits; k++) b[Math.floor(rnd() * b.length)] = Buffer.from('<>/"{}[],:\n&x\\')[Math.floor(rnd() * 15)]!;
      const items = read(b.subarray(0, Math.floor(b.length * (0.6 + rnd() * 0.4))), syntax);
      items.forEach((it, i) => {
        assert.equal(it.index, i + 1);
        if (!it.ok) assert.ok(it.reason.length > 0);
      });
      assert.ok(items.length <= 40);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// readMarcFile: progress, abort

test('readMarcFile reports progress up to the file size and stops on abort', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'colophon-readers-'));
  try {
    const path = join(dir, 'x.mrc');
    const data = Buffer.concat(Array.from({ length: 50 }, (_, i) => sample(`r${i}`)));
    writeFileSync(path, data);
    const progress: [number, number][] = [];
    const items = await readFile(path, { chunkSize: 1000, onProgress: (a, b) => progress.push([a, b]) });
    assert.equal(items.length, 50);
    assert.ok(items.every((i) => i.ok));
    assert.deepEqual(progress.at(-1), [data.length, data.length]);
    assert.ok(progress.length >= 5);

    const ac = new AbortController();
    let seen = 0;
    await assert.rejects(async () => {
      for await (const _ of readMarcFile(path, { chunkSize: 1000, signal: ac.signal })) {
        if (++seen === 3) ac.abort();
      }
    }, /abort/i);
    assert.ok(seen < 50);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Shared real files: counts from shared/data/README.md (ok + unreadable).

const EXPECTED: Record<string, number> = {
  'unimarc/fnsp-sciencespo-periodicals-3064.unimarc.iso2709.mrc': 3064,
  'unimarc/fnsp-sciencespo-periodicals-3064.unimarc.marcxml': 3064,
  'unimarc/marcjs-bnf-6.unimarc.iso2709.mrc': 6,
  'unimarc/marcjs-bnf-6.unimarc.marcxml': 6,
  'unimarc/marcjs-bnf-6.unimarc.mij.json': 6,
  'unimarc/pymarc-testunimarc-1.unimarc.iso2709.mrc': 1,
  'unimarc/qa-catalogue-bnr-serial-11.unimarc.iso2709.mrc': 11,
  'unimarc/qa-catalogue-bnr-short-10.unimarc.iso2709.mrc': 10,
  'marc21/solrmarc-uva-sirsi-2000.marc8.iso2709.mrc': 2000,
  'marc21/evergreen-jazz-1000.marc8.iso2709.mrc': 1000,
  'marc21/evergreen-nepali-96.utf8.iso2709.mrc': 96,
  'marc21/evergreen-oss-42.marc8.iso2709.mrc': 42,
  'marc21/evergreen-serials-bibs.marcxml': 7,
  'marc21/evergreen-serials-mfhd-holdings.marcxml': 7,
  'marc21/loc-booksall-2014-sample-100.utf8.iso2709.mrc': 100,
  'marc21/pymarc-test-10.iso2709.mrc': 10,
  'marc21/pymarc-batch-2.marcxml': 2,
  'marc21/pymarc-batch-2.mij.json': 2,
  'marc21/marc4j-bad-hathi-5-malformed.iso2709.mrc': 5,
  'authorities/evergreen-iish-dutch-authorities-1066.iso2709.mrc': 1066,
  'derived/solrmarc-uva-sirsi-2000.utf8-via-yaz.iso2709.mrc': 2000,
};
const MALFORMED = 'marc21/marc4j-bad-hathi-5-malformed.iso2709.mrc';

/** Encoding every record of an ISO 2709 file must come out with. */
function expectedEncoding(file: string): 'utf8' | 'marc8' {
  if (/marc8|pymarc-test-10/.test(file)) return 'marc8';
  return 'utf8'; // UTF-8 MARC21 (leader/09 "a"), and UNIMARC files, which are UTF-8 with a blank leader/09
}

const allItems = new Map<string, ReadItem[]>();
async function shared(file: string): Promise<ReadItem[]> {
  let items = allItems.get(file);
  if (!items) {
    items = await readFile(sharedFile(file));
    allItems.set(file, items);
  }
  return items;
}

test('shared data: every record file is listed here with its README count', { skip: sharedDataSkip() }, () => {
  for (const d of ['unimarc', 'marc21', 'authorities', 'derived']) {
    for (const f of readdirSync(sharedFile(d))) assert.ok(`${d}/${f}` in EXPECTED, `${d}/${f} has no expected count in this test`);
  }
});

for (const [file, count] of Object.entries(EXPECTED)) {
  test(`shared data: ${file} gives ${count} items${file === MALFORMED ? '' : ', all readable'}`, { skip: sharedDataSkip() }, async () => {
    const items = await shared(file);
    assert.equal(items.length, count);
    assert.deepEqual(
      items.map((i) => i.index),
      Array.from({ length: count }, (_, i) => i + 1),
    );
    if (file !== MALFORMED) {
      const failures = items.filter((i) => !i.ok).map((i) => `#${i.index}: ${(i as Bad).reason}`);
      assert.deepEqual(failures, []);
    }
    for (const it of items) {
      if (!it.ok) continue;
      assert.equal(it.record.leader.length, 24);
      if (file.endsWith('.mrc')) assert.equal(it.encoding, expectedEncoding(file), `record ${it.index}`);
      for (const f of it.record.fields) {
        const values = isDataField(f) ? f.subfields.map((s) => s.value) : [f.value];
        for (const v of values) assert.equal(v, v.normalize('NFC'), `record ${it.index} field ${f.tag} is not NFC`);
      }
    }
  });
}

test('shared data: the malformed HathiTrust file: every item is located, failures have reasons', { skip: sharedDataSkip() }, async () => {
  const items = await shared(MALFORMED);
  assert.deepEqual(
    items.map((i) => i.offset),
    [0, 1293, 5259, 6343, 1103230],
  );
  for (const it of items) {
    if (!it.ok) assert.ok(it.reason.length > 10 && it.offset >= 0);
  }
  // Record 4 is over 1 MB with length and offsets overflowed at 99999; it is read from its
  // terminators, as marc4j's permissive reader does (its test expects 12582 fields 974).
  const big = ok(items[3]);
  assert.equal(controlValue(big.record, '001'), '003051567');
  assert.equal(dataFields(big.record, '974').length, 12582);
  assert.equal(big.record.fields.length, 12654);
  assert.equal(big.warnings?.length, 3);
  assert.deepEqual(
    items.map((i) => (i.ok ? controlValue(i.record, '001') : null)),
    ['003034057', '003035931', '003051545', '003051567', '003052150'],
  );
});

function fieldsOf(items: ReadItem[]): MarcRecord['fields'][] {
  return items.map((i) => ok(i).record.fields);
}

test('shared data: MARC-8 UVA records decode to the same text as yaz\'s UTF-8 conversion', { skip: sharedDataSkip() }, async () => {
  const marc8 = await shared('marc21/solrmarc-uva-sirsi-2000.marc8.iso2709.mrc');
  const viaYaz = await shared('derived/solrmarc-uva-sirsi-2000.utf8-via-yaz.iso2709.mrc');
  const a = fieldsOf(marc8);
  const b = fieldsOf(viaYaz);
  const differing = a.map((f, i) => (isDeepStrictEqual(f, b[i]) ? 0 : i + 1)).filter((i) => i > 0);
  assert.deepEqual(differing, []);
});

test('shared data: ISO 2709, MARCXML and MARC-in-JSON copies of the same records agree', { skip: sharedDataSkip() }, async () => {
  const isoFields = fieldsOf(await shared('unimarc/marcjs-bnf-6.unimarc.iso2709.mrc'));
  assert.deepEqual(fieldsOf(await shared('unimarc/marcjs-bnf-6.unimarc.marcxml')), isoFields);
  // marcjs's MARC-in-JSON output has two fields its test added (206, 999): compare the ISO fields only
  const mij = fieldsOf(await shared('unimarc/marcjs-bnf-6.unimarc.mij.json'));
  isoFields.forEach((fields, i) => {
    const inMij = new Set(mij[i]!.map((f) => JSON.stringify(f)));
    for (const f of fields) assert.ok(inMij.has(JSON.stringify(f)), `record ${i + 1}: ${JSON.stringify(f)}`);
    assert.ok(mij[i]!.length - fields.length <= 2);
  });
  const fnspIso = await shared('unimarc/fnsp-sciencespo-periodicals-3064.unimarc.iso2709.mrc');
  const fnspXml = await shared('unimarc/fnsp-sciencespo-periodicals-3064.unimarc.marcxml');
  assert.deepEqual(fieldsOf(fnspXml), fieldsOf(fnspIso));
  assert.deepEqual(
    fnspXml.map((i) => ok(i).record.leader.slice(5)),
    fnspIso.map((i) => ok(i).record.leader.slice(5)),
  );
  assert.deepEqual(fieldsOf(await shared('marc21/pymarc-batch-2.mij.json')), fieldsOf(await shared('marc21/pymarc-batch-2.marcxml')));
});

test('shared data: reading in small chunks gives exactly the same items', { skip: sharedDataSkip() }, async () => {
  for (const [file, chunkSize] of [
    ['marc21/pymarc-test-10.iso2709.mrc', 17],
    ['marc21/pymarc-batch-2.marcxml', 17],
    ['marc21/pymarc-batch-2.mij.json', 17],
    ['unimarc/fnsp-sciencespo-periodicals-3064.unimarc.iso2709.mrc', 4099],
    ['marc21/marc4j-bad-hathi-5-malformed.iso2709.mrc', 4099],
  ] as const) {
    assert.deepEqual(await readFile(sharedFile(file), { chunkSize }), await shared(file), file);
  }
});
