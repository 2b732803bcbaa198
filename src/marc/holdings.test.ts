import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractCopies, locationStatus } from './holdings.js';
import { extractCopies as fromEntry } from './mapping.js';
import type { CopySeed, CopyStatus, MarcFlavour } from './model.js';
import type { Field, MarcRecord } from './record.js';
import { sharedDataSkip, sharedFile } from '../../test/helpers/shared-data.js';

/** "TAG II$aValue$bValue" (II = indicators). */
function field(spec: string): Field {
  const parts = spec.slice(6).split('$').slice(1);
  return { tag: spec.slice(0, 3), ind1: spec.charAt(4), ind2: spec.charAt(5), subfields: parts.map((p) => ({ code: p.charAt(0), value: p.slice(1) })) };
}

function copies(flavour: MarcFlavour, ...specs: string[]): CopySeed[] {
  const rec: MarcRecord = {
    leader: flavour === 'unimarc' ? '00000nam  2200000   450 ' : '00000nam a2200000 i 4500',
    fields: [{ tag: '001', value: '1' }, ...specs.map(field)],
  };
  return extractCopies(rec, flavour);
}

function statusOf(flavour: MarcFlavour, spec: string): CopyStatus | undefined {
  const c = copies(flavour, spec);
  assert.equal(c.length, 1, spec);
  return c[0]?.status;
}

test('mapping.ts re-exports extractCopies', () => {
  assert.equal(fromEntry, extractCopies);
});

// ---------------------------------------------------------------------------------------------
// UNIMARC 995 (Koha France)

test('995: owning and holding library, barcode, call number, location, item type', () => {
  assert.deepEqual(copies('unimarc', '995   $bBIB1$cBIB2$fB0001 $kR GOS$eJEU$rLIV$o0'), [
    {
      barcode: 'B0001',
      libraryCode: 'BIB2',
      homeLibraryCode: 'BIB1',
      shelfLocation: 'JEU',
      callNumber: 'R GOS',
      loanTypeCode: 'LIV',
      status: 'on_shelf',
      sourceTag: '995',
    },
  ]);
});

test('995: the holding library falls back on the owner; no library, no copy; no barcode, null', () => {
  const [only] = copies('unimarc', '995   $bBIB1$fB1');
  assert.equal(only?.libraryCode, 'BIB1');
  assert.equal(only?.homeLibraryCode, 'BIB1');
  const [held] = copies('unimarc', '995   $cBIB2$fB1');
  assert.equal(held?.libraryCode, 'BIB2');
  assert.equal(held?.homeLibraryCode, null);
  // The BnF records in shared/data: 995 with a call number and no library.
  assert.deepEqual(copies('unimarc', '995   $k0 A 3$l331$m1968$xP'), []);
  assert.deepEqual(copies('unimarc', '995   $b  $c $fB1'), []);
  const [noBarcode] = copies('unimarc', '995   $bBIB1$kR GOS');
  assert.equal(noBarcode?.barcode, null);
  assert.equal(copies('unimarc', '995   $bA$fB1', '995   $bB$fB2', '995   $fB3').length, 2);
});

test('995 statuses: $0 withdrawn, $2 lost, $n due date, $o not for loan', () => {
  const cases: [string, CopyStatus][] = [
    ['995   $bB$fX', 'on_shelf'],
    ['995   $bB$fX$o0', 'on_shelf'],
    ['995   $bB$fX$o1', 'not_for_loan'],
    ['995   $bB$fX$o3', 'not_for_loan'],
    ['995   $bB$fX$o-1', 'in_processing'],
    ['995   $bB$fX$n2024-05-01', 'on_loan'],
    ['995   $bB$fX$21', 'lost'],
    ['995   $bB$fX$20', 'on_shelf'],
    ['995   $bB$fX$01', 'withdrawn'],
    ['995   $bB$fX$00', 'on_shelf'],
    ['995   $bB$fX$01$21', 'withdrawn'],
    ['995   $bB$fX$21$n2024-05-01', 'lost'],
    ['995   $bB$fX$n2024-05-01$o1', 'on_loan'],
  ];
  for (const [spec, expected] of cases) assert.equal(statusOf('unimarc', spec), expected, spec);
});

// ---------------------------------------------------------------------------------------------
// MARC21 952 (Koha)

test('952: home and holding branch, barcode, call number, location, item type', () => {
  assert.deepEqual(copies('marc21', '952   $aMAIN$bEAST$cADULT$oR TOL$p3900001$yBOOK$70$10$00'), [
    {
      barcode: '3900001',
      libraryCode: 'EAST',
      homeLibraryCode: 'MAIN',
      shelfLocation: 'ADULT',
      callNumber: 'R TOL',
      loanTypeCode: 'BOOK',
      status: 'on_shelf',
      sourceTag: '952',
    },
  ]);
  const [home] = copies('marc21', '952   $aMAIN$p1');
  assert.equal(home?.libraryCode, 'MAIN');
  assert.deepEqual(copies('marc21', '952   $p1$oR TOL'), []);
  assert.equal(copies('marc21', '952   $aMAIN')[0]?.barcode, null);
});

test('952 statuses: $1 lost, $0 withdrawn, $7 not for loan (negative: in processing), $q on loan', () => {
  const cases: [string, CopyStatus][] = [
    ['952   $aM$p1', 'on_shelf'],
    ['952   $aM$p1$12', 'lost'],
    ['952   $aM$p1$10', 'on_shelf'],
    ['952   $aM$p1$01', 'withdrawn'],
    ['952   $aM$p1$71', 'not_for_loan'],
    ['952   $aM$p1$7-1', 'in_processing'],
    ['952   $aM$p1$q2024-05-01', 'on_loan'],
    ['952   $aM$p1$q2024-05-01$11', 'lost'],
    ['952   $aM$p1$01$11$q2024-05-01', 'withdrawn'],
  ];
  for (const [spec, expected] of cases) assert.equal(statusOf('marc21', spec), expected, spec);
});

// ---------------------------------------------------------------------------------------------
// MARC21 999 / 949 (SirsiDynix, as in the UVA, jazz and OSS files)

test('999: call number, barcode, location, library, item type', () => {
  assert.deepEqual(copies('marc21', '999   $aPN241.5 .S65 F4 1983$wLC$iX000911909$lSTACKS$mALDERMAN$tBOOK'), [
    {
      barcode: 'X000911909',
      libraryCode: 'ALDERMAN',
      homeLibraryCode: null,
      shelfLocation: 'STACKS',
      callNumber: 'PN241.5 .S65 F4 1983',
      loanTypeCode: 'BOOK',
      status: 'on_shelf',
      sourceTag: '999',
    },
  ]);
  // Koha's own 999 (biblionumber) has no library: no copy.
  assert.deepEqual(copies('marc21', '999   $c12$d12'), []);
});

test('999 statuses from the current ($k) and home ($l) locations', () => {
  const cases: [spec: string, status: CopyStatus, shelf: string | null][] = [
    ['999   $aX$i1$kCHECKEDOUT$lSTACKS$mM$tBOOK', 'on_loan', 'STACKS'],
    ['999   $aX$i1$lLOST$mM$tBOOK', 'lost', null],
    ['999   $aX$i1$kLOST$lSTACKS$mM', 'lost', 'STACKS'],
    ['999   $aX$i1$kLOSTCLOSED$lSTACKS$mM', 'lost', 'STACKS'],
    ['999   $aX$i1$lLOST-NRO$mM', 'lost', null],
    ['999   $aX$i1$kMISSING$lSTACKS$mM', 'lost', 'STACKS'],
    ['999   $aX$i1$lWITHDRAWN$mM', 'withdrawn', null],
    ['999   $aX$i1$kDISCARD$lSTACKS$mM', 'withdrawn', 'STACKS'],
    ['999   $aX$i1$kORD-CANCLD$lSTACKS$mM', 'withdrawn', 'STACKS'],
    ['999   $aX$i1$kINTRANSIT$lSTACKS$mM', 'in_transit', 'STACKS'],
    ['999   $aX$i1$kHOLDS$lSTACKS$mM', 'on_hold_shelf', 'STACKS'],
    ['999   $aX$i1$kON-HOLD$lSTACKS$mM', 'on_hold_shelf', 'STACKS'],
    ['999   $aX$i1$kBINDERY$lSTACKS$mM', 'in_processing', 'STACKS'],
    ['999   $aX$i1$lON-ORDER$mM', 'in_processing', null],
    ['999   $aX$i1$lREFERENCE$mM', 'not_for_loan', 'REFERENCE'],
    ['999   $aX$i1$kREFERENCE$lSTACKS$mM', 'not_for_loan', 'STACKS'],
    ['999   $aX$i1$lBY-REQUEST$mM', 'on_shelf', 'BY-REQUEST'],
    ['999   $aX$i1$lWITHDRAWN$kCHECKEDOUT$mM', 'withdrawn', null],
    ['999   $aX$i1$lPERDU$mM', 'lost', null],
    ['999   $aX$i1$lRetiré$mM', 'withdrawn', null],
  ];
  for (const [spec, status, shelf] of cases) {
    const [c] = copies('marc21', spec);
    assert.equal(c?.status, status, spec);
    assert.equal(c?.shelfLocation, shelf, spec);
  }
});

test('949: the same layout, with trailing spaces trimmed and the circulate flag', () => {
  assert.deepEqual(copies('marc21', '949   $a3489  CD $v96$wLC$i30007007465361$rY$tSOUND$lHUNT-AUDIO$mHUNTINGTON $xCOMPDISCS'), [
    {
      barcode: '30007007465361',
      libraryCode: 'HUNTINGTON',
      homeLibraryCode: null,
      shelfLocation: 'HUNT-AUDIO',
      callNumber: '3489  CD',
      loanTypeCode: 'SOUND',
      status: 'on_shelf',
      sourceTag: '949',
    },
  ]);
  assert.equal(statusOf('marc21', '949   $aX$i1$rN$lHUNT-CIRC$mHUNTINGTON'), 'not_for_loan');
  assert.equal(statusOf('marc21', '949   $aX$i1$kBINDERY$lHUNT-CIRC$mHUNTINGTON'), 'in_processing');
  // Not a library code: another system's use of the tag.
  assert.deepEqual(copies('marc21', '952   $aLibrary has 2 copies.'), []);
  assert.deepEqual(copies('unimarc', '995   $bBibliothèque municipale$fB1'), []);
  // The OSS file's 949 without a library.
  assert.deepEqual(copies('marc21', '949   $aDESM01-0296176$wASIS$hDESM_BOOK'), []);
});

// ---------------------------------------------------------------------------------------------
// MARC21 852

test('852: library from $b (else $a), location $c, call number $k $h $i $m, barcode $p', () => {
  assert.deepEqual(copies('marc21', '852 01$aFR-751$bMAIN$cJEUNESSE$kJ$hR$iGOS$p39001'), [
    {
      barcode: '39001',
      libraryCode: 'MAIN',
      homeLibraryCode: null,
      shelfLocation: 'JEUNESSE',
      callNumber: 'J R GOS',
      loanTypeCode: null,
      status: 'on_shelf',
      sourceTag: '852',
    },
  ]);
  // The Nepali file: an institution name and a note, nothing else.
  const [nepali] = copies('marc21', '852   $aMadan Puraskar Pustakalaya$ePatandhoka, Lalitpur, Nepal$xAccession no.: 4900');
  assert.equal(nepali?.libraryCode, 'Madan Puraskar Pustakalaya');
  assert.equal(nepali?.barcode, null);
  assert.equal(nepali?.callNumber, null);
  assert.equal(copies('marc21', '852   $jSHELF 12$bMAIN')[0]?.callNumber, 'SHELF 12');
  assert.deepEqual(copies('marc21', '852   $cSTACKS$p1'), []);
});

test('852 is ignored when the record has item-level fields (summary of the same copies)', () => {
  const c = copies('marc21', '852   $bALDERMAN$cSTACKS', '999   $aGV1619$i1$lSTACKS$mALDERMAN$tBOOK');
  assert.equal(c.length, 1);
  assert.equal(c[0]?.sourceTag, '999');
});

test('each flavour reads its own holdings fields only', () => {
  assert.deepEqual(copies('unimarc', '952   $aMAIN$p1', '999   $aX$i1$mM', '852   $bMAIN'), []);
  assert.deepEqual(copies('marc21', '995   $bBIB1$fB1'), []);
  // Control fields and odd fields do not throw.
  assert.deepEqual(extractCopies({ leader: '', fields: [{ tag: '995', value: 'x' }, { tag: '952', value: 'x' }] }, 'marc21'), []);
});

test('locationStatus: SirsiDynix and French location codes', () => {
  const cases: [string, CopyStatus | null][] = [
    ['CHECKEDOUT', 'on_loan'], ['checked-out', 'on_loan'], ['LOST', 'lost'], ['LOST-ASSUM', 'lost'], ['LOST-PAID', 'lost'],
    ['MISSING', 'lost'], ['WITHDRAWN', 'withdrawn'], ['DISCARD', 'withdrawn'], ['INTRANSIT', 'in_transit'],
    ['IN TRANSIT', 'in_transit'], ['HOLDS', 'on_hold_shelf'], ['ON_HOLD', 'on_hold_shelf'], ['ON-ORDER', 'in_processing'],
    ['INPROCESS', 'in_processing'], ['REPAIR', 'in_processing'], ['READYREF', 'not_for_loan'], ['En prêt', 'on_loan'],
    ['Pilonné', 'withdrawn'], ['STACKS', null], ['BY-REQUEST', null], ['PHYS-RESV', null], ['', null],
  ];
  for (const [code, expected] of cases) assert.equal(locationStatus(code), expected, code);
});

// ---------------------------------------------------------------------------------------------
// Real files

async function readShared(...parts: string[]): Promise<MarcRecord[]> {
  const { readMarcBuffer } = await import('./readers.js');
  const out: MarcRecord[] = [];
  for (const item of readMarcBuffer(readFileSync(sharedFile(...parts)))) if (item.ok) out.push(item.record);
  return out;
}

test('real UVA file: every 999 is a copy, statuses from the location codes', { skip: sharedDataSkip() }, async () => {
  const recs = await readShared('marc21', 'solrmarc-uva-sirsi-2000.marc8.iso2709.mrc');
  const all = recs.flatMap((r) => extractCopies(r, 'marc21'));
  assert.equal(all.length, 2903); // yaz-marcdump counts 2903 999 fields, each with $m and $i
  const count = (s: CopyStatus): number => all.filter((c) => c.status === s).length;
  assert.equal(count('on_loan'), 53); // $k CHECKEDOUT
  assert.ok(count('withdrawn') >= 97, `withdrawn: ${count('withdrawn')}`); // $l WITHDRAWN (97) and $k / $l ORD-CANCLD
  assert.ok(count('lost') >= 20, `lost: ${count('lost')}`); // $k LOST, MISSING, LOSTCLOSED; $l LOST, LOSTCLOSED, LOST-NRO, MISSING
  for (const c of all) {
    assert.ok(c.barcode, 'barcode');
    assert.ok(c.callNumber, 'call number');
    assert.equal(c.sourceTag, '999');
  }
  const first = extractCopies(recs[0]!, 'marc21');
  assert.deepEqual(first.map((c) => [c.barcode, c.libraryCode, c.status, c.shelfLocation]), [
    ['1-3003', 'ALDERMAN', 'lost', null],
    ['X001019384', 'IVY', 'on_shelf', 'BY-REQUEST'],
  ]);
});

test('real Evergreen files: 949 copies (jazz, OSS) and 852 locations (Nepali)', { skip: sharedDataSkip() }, async () => {
  const jazz = (await readShared('marc21', 'evergreen-jazz-1000.marc8.iso2709.mrc')).flatMap((r) => extractCopies(r, 'marc21'));
  assert.equal(jazz.length, 1238);
  assert.deepEqual([...new Set(jazz.map((c) => c.libraryCode))].sort(), ['DESMARAIS', 'HUNTINGTON']);
  const oss = (await readShared('marc21', 'evergreen-oss-42.marc8.iso2709.mrc')).flatMap((r) => extractCopies(r, 'marc21'));
  assert.equal(oss.length, 19); // 20 fields, one without $m
  const nepali = (await readShared('marc21', 'evergreen-nepali-96.utf8.iso2709.mrc')).flatMap((r) => extractCopies(r, 'marc21'));
  assert.equal(nepali.length, 96);
  assert.deepEqual([...new Set(nepali.map((c) => `${c.barcode} ${c.sourceTag}`))], ['null 852']);
  const bnf = (await readShared('unimarc', 'marcjs-bnf-6.unimarc.iso2709.mrc')).flatMap((r) => extractCopies(r, 'unimarc'));
  assert.deepEqual(bnf, []); // 995 without library codes
});
