// One-off generator for src/marc/marc8-tables.json, the MARC-8 -> Unicode code tables used by
// src/marc/marc8.ts. Not run at build time or in CI: the generated file is committed.
//
// Source: the Library of Congress code tables (codetables.xml) as compiled by MARC::Charset into the
// GDBM database shipped by Debian's libmarc-charset-perl (/usr/lib/libmarc-charset-perl/Table, read
// through MARC::Charset::Table). Perl reads the database (Node cannot open GDBM without a native
// package) and prints one tab-separated line per MARC-8 character; this script shapes the JSON.
//
// Usage (needs `apt-get install libmarc-charset-perl`):
//   npx tsx scripts/gen-marc8-tables.ts [out.json]        (default: src/marc/marc8-tables.json)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PERL_DUMP = String.raw`
use strict; use warnings;
use MARC::Charset::Table; use Storable qw(thaw);
my $db = MARC::Charset::Table->new()->db();
while (my ($k, $v) = each %$db) {
  next if $k =~ /^\d+$/;          # keys that are plain integers index by Unicode value: skip
  my $c = thaw($v);
  print join("\t", $c->charset(), uc($c->marc()), uc($c->ucs() // ''), uc($c->alt() // ''),
             $c->is_combining() ? 1 : 0), "\n";
}
`;

/** MARC::Charset's character set codes are the hex of the escape sequence's final byte. */
const SET_NAMES: Record<string, string> = {
  '42': 'Basic Latin (ASCII)',
  '45': 'Extended Latin (ANSEL)',
  '67': 'Greek symbols',
  '62': 'Subscripts',
  '70': 'Superscripts',
  '32': 'Basic Hebrew',
  '33': 'Basic Arabic',
  '34': 'Extended Arabic',
  '4E': 'Basic Cyrillic',
  '51': 'Extended Cyrillic',
  '53': 'Basic Greek',
  '31': 'East Asian (EACC, CJK)',
};

interface Row { set: string; marc: string; ucs: string; alt: string; combining: boolean }

function dump(): Row[] {
  const out = execFileSync('perl', ['-e', PERL_DUMP], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\n').filter((l) => l !== '').map((line) => {
    const [set = '', marc = '', ucs = '', alt = '', comb = '0'] = line.split('\t');
    return { set: set.toUpperCase(), marc, ucs, alt, combining: comb === '1' };
  });
}

function versionOf(pkg: string): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

function main(): void {
  const outPath = process.argv[2] ?? fileURLToPath(new URL('../src/marc/marc8-tables.json', import.meta.url));
  const rows = dump();
  const sets: Record<string, { name: string; chars: Record<string, string>; combining: string[]; noUnicode: string[] }> = {};
  const controls: Record<string, string> = {};
  const eacc: [number, string][] = [];

  for (const r of rows) {
    if (!(r.set in SET_NAMES)) throw new Error(`unknown character set ${r.set}`);
    const byte0 = parseInt(r.marc.slice(0, 2), 16);
    if (r.set === '31') {
      if (r.marc.length !== 6 || r.combining) throw new Error(`unexpected EACC row ${JSON.stringify(r)}`);
      eacc.push([parseInt(r.marc, 16), r.ucs]);
      continue;
    }
    if (r.marc.length !== 2) throw new Error(`unexpected row ${JSON.stringify(r)}`);
    // C0/C1 control functions (ESC, the MARC delimiters, NSB/NSE, ZWJ/ZWNJ) do not depend on which
    // graphic sets are designated: collect them in one table and check the sets agree.
    if (byte0 < 0x20 || (byte0 >= 0x80 && byte0 < 0xa0)) {
      const prev = controls[r.marc];
      if (prev !== undefined && prev !== r.ucs) throw new Error(`control ${r.marc} maps to ${prev} and ${r.ucs}`);
      controls[r.marc] = r.ucs;
      continue;
    }
    const s = (sets[`0x${r.set}`] ??= { name: SET_NAMES[r.set] ?? r.set, chars: {}, combining: [], noUnicode: [] });
    // MARC::Charset::Compiler copies <alt> into <ucs> when codetables.xml gives no <ucs>. Only the
    // second halves of the ANSEL double diacritics (0xEC ligature, 0xFB double tilde) are such
    // rows: LoC maps the pair to one Unicode double diacritic (U+0361, U+0360) written after the
    // first letter, so the right half has no character of its own. Mark it, do not map it.
    if (r.ucs === r.alt) {
      s.noUnicode.push(r.marc);
      continue;
    }
    s.chars[r.marc] = r.ucs;
    if (r.combining) s.combining.push(r.marc);
  }

  // Keys are written "0x21" rather than "21": JavaScript orders integer-like keys ("21", "88") before
  // the others ("2A"), which would scramble the byte order of the file.
  const sortedKeys = (o: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => parseInt(a, 16) - parseInt(b, 16)).map(([k, v]) => [`0x${k}`, v]));
  const orderedSets = Object.fromEntries(Object.keys(sets).sort().map((k) => {
    const s = sets[k]!;
    return [k, { name: s.name, chars: sortedKeys(s.chars), combining: s.combining.sort().map((b) => `0x${b}`), noUnicode: s.noUnicode.sort().map((b) => `0x${b}`) }];
  }));

  // EACC: one string per first byte, holding 2 hex digits for each of the other two bytes followed by
  // the code point (4 or 5 hex digits) and a separating space; compact, yet still greppable.
  eacc.sort((a, b) => a[0] - b[0]);
  const eaccRows: Record<string, string> = {};
  for (const [key, ucs] of eacc) {
    const lead = `0x${hex2(key >> 16)}`;
    const entry = hex2((key >> 8) & 0xff) + hex2(key & 0xff) + ucs;
    eaccRows[lead] = eaccRows[lead] === undefined ? entry : `${eaccRows[lead]} ${entry}`;
  }

  const doc = {
    comment: 'Generated by scripts/gen-marc8-tables.ts; do not edit. MARC-8 byte (G0 form) -> Unicode code point (hex). '
      + 'Sets are keyed by the final byte of their escape sequence. noUnicode: bytes LoC gives no Unicode '
      + 'value of their own. eacc: per first byte, entries "<byte2><byte3><code point>" separated by spaces.',
    source: `Library of Congress codetables.xml via MARC::Charset (Debian libmarc-charset-perl ${versionOf('libmarc-charset-perl')})`,
    controls: sortedKeys(controls),
    sets: orderedSets,
    eacc: eaccRows,
  };
  writeFileSync(outPath, `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`wrote ${outPath}: ${Object.keys(orderedSets).length} single-byte sets, ${Object.keys(controls).length} controls, ${eacc.length} EACC characters`);
}

main();
