// Copies (exemplaires) found in the holdings fields of a bibliographic record -> CopySeed[].
//
// - UNIMARC 995, the Koha France / BibLibre convention (Koha's fr-FR UNIMARC frameworks map it to the
//   items table): $b owning library (items.homebranch), $c holding library ("dépositaire permanent",
//   items.holdingbranch), $e shelving location ("niveau de localisation", items.location), $f barcode,
//   $k call number (cote), $r document type / support (the item type in BibLibre set-ups),
//   $o status (items.notforloan, "ETAT" values: 0 loanable), $n due date (items.onloan),
//   $2 lost (items.itemlost), $0 withdrawn (items.withdrawn, the Koha wiki's 995 layout).
//   $h is a collection code in some frameworks and part of a barcode in others: not used.
// - MARC21 952, Koha's item field: $a home branch, $b holding branch, $c shelving location,
//   $o call number, $p barcode, $y item type, $0 withdrawn, $1 lost, $7 not for loan, $q due date.
// - MARC21 949 and 999 as SirsiDynix exports write them (the UVA, Evergreen jazz and OSS files in
//   shared/data): $a call number, $i barcode, $l home location, $m library, $t item type,
//   $k current location (CHECKEDOUT, LOST, MISSING, INTRANSIT, ...), $r circulate flag (Y/N);
//   $w (classification scheme), $c (copy number), $o, $x, $v are not needed here. Statuses come from
//   location codes (the home location too: the UVA file files withdrawn copies in a WITHDRAWN location).
// - MARC21 852 (location): $b sublocation / branch (the library), else $a (institution); $c shelving
//   location; $k prefix, $h classification part, $i item part, $m suffix make the call number
//   ($j shelving control number when there is no $h); $p piece designation (barcode). 852 carries no
//   status. A record with item-level fields (952, 949, 999) uses them only: its 852 are summary
//   locations of the same copies (the UVA file has both).
//
// A field without a library code yields no copy; one without a barcode yields a copy whose barcode is
// null (the importer reports it). In the coded fields (995, 952, 949, 999) a library code is a code:
// no spaces, at most 20 characters (Koha's branchcode is 10). This keeps out fields that other systems
// use for something else under the same tag: the Evergreen Nepali file has "952 $a Library has 2 copies.".
// 852 $a/$b may hold a name ("Madan Puraskar Pustakalaya").

import type { CopySeed, CopyStatus, MarcFlavour } from './model.js';
import { isDataField, type DataField, type MarcRecord } from './record.js';

export function extractCopies(rec: MarcRecord, flavour: MarcFlavour): CopySeed[] {
  const out: CopySeed[] = [];
  if (flavour === 'unimarc') {
    for (const f of rec.fields) {
      if (f.tag === '995' && isDataField(f)) push(out, fromUnimarc995(f));
    }
    return out;
  }
  let locations: DataField[] | undefined;
  for (const f of rec.fields) {
    if (!isDataField(f)) continue;
    switch (f.tag) {
      case '952':
        push(out, fromKoha952(f));
        break;
      case '949':
      case '999':
        push(out, fromSirsi(f));
        break;
      case '852':
        (locations ??= []).push(f);
        break;
      default:
        break;
    }
  }
  if (out.length === 0 && locations) for (const f of locations) push(out, fromMarc21852(f));
  return out;
}

function push(out: CopySeed[], c: CopySeed | null): void {
  if (c) out.push(c);
}

/** A library code in a coded field: trimmed, non-empty, no whitespace, at most 20 characters. */
function code(v: string | undefined): string | null {
  const t = val(v);
  if (t === null || t.length > 20) return null;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0xa0) return null;
  }
  return t;
}

/** Trimmed value, null when empty. */
function val(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return t ? t : null;
}

/**
 * Koha status numbers ($0 withdrawn, $1/$2 lost, $7/$o not for loan): empty or "0" means no.
 * Any other value means yes (Koha stores authorised-value codes, usually 1, 2, 3...).
 */
function isSet(v: string | null): boolean {
  return v !== null && v !== '0';
}

/** Koha notforloan: negative values are "ordered" / in processing, positive ones not for loan. */
function notForLoanStatus(v: string | null): CopyStatus | null {
  if (!isSet(v)) return null;
  return v!.startsWith('-') ? 'in_processing' : 'not_for_loan';
}

/**
 * One status from Koha's separate flags, the strongest first: a withdrawn copy is gone whatever else
 * is set, a lost one (Koha marks long-overdue loans lost) before on loan, on loan before not-for-loan.
 */
function kohaStatus(withdrawn: string | null, lost: string | null, dueDate: string | null, notForLoan: string | null): CopyStatus {
  if (isSet(withdrawn)) return 'withdrawn';
  if (isSet(lost)) return 'lost';
  if (dueDate !== null) return 'on_loan';
  return notForLoanStatus(notForLoan) ?? 'on_shelf';
}

function fromUnimarc995(f: DataField): CopySeed | null {
  let b: string | undefined;
  let c: string | undefined;
  let e: string | undefined;
  let fBarcode: string | undefined;
  let k: string | undefined;
  let r: string | undefined;
  let o: string | undefined;
  let n: string | undefined;
  let lost: string | undefined;
  let withdrawn: string | undefined;
  for (const s of f.subfields) {
    switch (s.code) {
      case 'b': b ??= s.value; break;
      case 'c': c ??= s.value; break;
      case 'e': e ??= s.value; break;
      case 'f': fBarcode ??= s.value; break;
      case 'k': k ??= s.value; break;
      case 'r': r ??= s.value; break;
      case 'o': o ??= s.value; break;
      case 'n': n ??= s.value; break;
      case '2': lost ??= s.value; break;
      case '0': withdrawn ??= s.value; break;
      default: break;
    }
  }
  const home = code(b);
  const library = code(c) ?? home;
  if (library === null) return null;
  return {
    barcode: val(fBarcode),
    libraryCode: library,
    homeLibraryCode: home,
    shelfLocation: val(e),
    callNumber: val(k),
    loanTypeCode: val(r),
    status: kohaStatus(val(withdrawn), val(lost), val(n), val(o)),
    sourceTag: '995',
  };
}

function fromKoha952(f: DataField): CopySeed | null {
  let a: string | undefined;
  let b: string | undefined;
  let c: string | undefined;
  let o: string | undefined;
  let p: string | undefined;
  let y: string | undefined;
  let withdrawn: string | undefined;
  let lost: string | undefined;
  let notForLoan: string | undefined;
  let due: string | undefined;
  for (const s of f.subfields) {
    switch (s.code) {
      case 'a': a ??= s.value; break;
      case 'b': b ??= s.value; break;
      case 'c': c ??= s.value; break;
      case 'o': o ??= s.value; break;
      case 'p': p ??= s.value; break;
      case 'y': y ??= s.value; break;
      case '0': withdrawn ??= s.value; break;
      case '1': lost ??= s.value; break;
      case '7': notForLoan ??= s.value; break;
      case 'q': due ??= s.value; break;
      default: break;
    }
  }
  const home = code(a);
  const library = code(b) ?? home;
  if (library === null) return null;
  return {
    barcode: val(p),
    libraryCode: library,
    homeLibraryCode: home,
    shelfLocation: val(c),
    callNumber: val(o),
    loanTypeCode: val(y),
    status: kohaStatus(val(withdrawn), val(lost), val(due), val(notForLoan)),
    sourceTag: '952',
  };
}

// ----- SirsiDynix 949 / 999 -----

/** Precedence when several clues give a status: the higher wins. */
const STATUS_RANK: Record<CopyStatus, number> = {
  on_shelf: 0,
  not_for_loan: 1,
  in_processing: 2,
  on_hold_shelf: 3,
  in_transit: 4,
  on_loan: 5,
  lost: 6,
  withdrawn: 7,
};

/**
 * Location codes that are statuses, compared upper case without spaces, hyphens or underscores.
 * The English ones are SirsiDynix's (seen in the UVA file: CHECKEDOUT, LOST, LOSTCLOSED, LOST-NRO,
 * MISSING, WITHDRAWN, ORD-CANCLD, BINDERY, ON-ORDER, REFERENCE, READYREF), plus the usual French codes.
 */
const LOCATION_STATUSES = new Map<string, CopyStatus>([
  ['CHECKEDOUT', 'on_loan'], ['CHARGED', 'on_loan'], ['ONLOAN', 'on_loan'], ['LOANED', 'on_loan'],
  ['ENPRET', 'on_loan'], ['PRETE', 'on_loan'], ['SORTI', 'on_loan'],
  ['MISSING', 'lost'], ['CLAIMSRETURNED', 'lost'], ['PERDU', 'lost'], ['DISPARU', 'lost'], ['MANQUANT', 'lost'],
  ['WITHDRAWN', 'withdrawn'], ['DISCARD', 'withdrawn'], ['DISCARDED', 'withdrawn'], ['DELETED', 'withdrawn'],
  ['ORDCANCLD', 'withdrawn'], ['ORDERCANCELLED', 'withdrawn'], ['RETIRE', 'withdrawn'], ['PILON', 'withdrawn'],
  ['PILONNE', 'withdrawn'], ['ELIMINE', 'withdrawn'], ['DESHERBE', 'withdrawn'],
  ['INTRANSIT', 'in_transit'], ['TRANSIT', 'in_transit'], ['ENTRANSIT', 'in_transit'],
  ['HOLDS', 'on_hold_shelf'], ['ONHOLD', 'on_hold_shelf'], ['HOLDSHELF', 'on_hold_shelf'], ['HOLD', 'on_hold_shelf'],
  ['RESERVEDHOLD', 'on_hold_shelf'], ['ARETIRER', 'on_hold_shelf'], ['MISDECOTE', 'on_hold_shelf'],
  ['ONORDER', 'in_processing'], ['ORDERED', 'in_processing'], ['INPROCESS', 'in_processing'],
  ['INPROCESSING', 'in_processing'], ['CATALOGING', 'in_processing'], ['CATALOGUING', 'in_processing'],
  ['BINDERY', 'in_processing'], ['ATBINDERY', 'in_processing'], ['REPAIR', 'in_processing'],
  ['MENDING', 'in_processing'], ['ENCOMMANDE', 'in_processing'], ['ENTRAITEMENT', 'in_processing'],
  ['ENREPARATION', 'in_processing'], ['RELIURE', 'in_processing'], ['EQUIPEMENT', 'in_processing'],
  ['REFERENCE', 'not_for_loan'], ['READYREF', 'not_for_loan'], ['REF', 'not_for_loan'],
  ['NONCIRC', 'not_for_loan'], ['NONCIRCULATING', 'not_for_loan'], ['EXCLUDUPRET', 'not_for_loan'],
  ['CONSULTATIONSURPLACE', 'not_for_loan'], ['SURPLACE', 'not_for_loan'],
]);
const NOT_KEY_CHARS = /[\s\-_.]+/g;
const ACCENTS = /[\u0300-\u036f]/g;
const NON_ASCII = /[^\x20-\x7e]/;

/** Status a location code stands for, or null for an ordinary shelving location ("STACKS"). */
export function locationStatus(code: string): CopyStatus | null {
  let key = code.toUpperCase().replace(NOT_KEY_CHARS, '');
  if (NON_ASCII.test(key)) key = key.normalize('NFD').replace(ACCENTS, '');
  const exact = LOCATION_STATUSES.get(key);
  if (exact) return exact;
  // Families: LOST, LOSTCLOSED, LOST-NRO, LOST-ASSUM, LOST-PAID...; MISSING-*; WITHDRAWN-*, DISCARD-*
  if (key.startsWith('LOST') || key.startsWith('MISSING')) return 'lost';
  if (key.startsWith('WITHDRAW') || key.startsWith('DISCARD')) return 'withdrawn';
  return null;
}

/** The statuses that say where a copy is not: a home location holding one of them is no shelf. */
function replacesShelf(s: CopyStatus): boolean {
  return s !== 'not_for_loan' && s !== 'on_shelf';
}

function fromSirsi(f: DataField): CopySeed | null {
  let a: string | undefined;
  let i: string | undefined;
  let l: string | undefined;
  let m: string | undefined;
  let t: string | undefined;
  let k: string | undefined;
  let r: string | undefined;
  for (const s of f.subfields) {
    switch (s.code) {
      case 'a': a ??= s.value; break;
      case 'i': i ??= s.value; break;
      case 'l': l ??= s.value; break;
      case 'm': m ??= s.value; break;
      case 't': t ??= s.value; break;
      case 'k': k ??= s.value; break;
      case 'r': r ??= s.value; break;
      default: break;
    }
  }
  const library = code(m);
  if (library === null) return null;
  let status: CopyStatus = 'on_shelf';
  const current = val(k);
  const home = val(l);
  let shelf = home;
  if (val(r)?.toUpperCase() === 'N') status = 'not_for_loan'; // circulate flag
  if (home !== null) {
    const s = locationStatus(home);
    if (s !== null) {
      if (STATUS_RANK[s] > STATUS_RANK[status]) status = s;
      if (replacesShelf(s)) shelf = null;
    }
  }
  if (current !== null) {
    const s = locationStatus(current);
    if (s !== null && STATUS_RANK[s] > STATUS_RANK[status]) status = s;
  }
  return {
    barcode: val(i),
    libraryCode: library,
    homeLibraryCode: null,
    shelfLocation: shelf,
    callNumber: val(a),
    loanTypeCode: val(t),
    status,
    sourceTag: f.tag,
  };
}

function fromMarc21852(f: DataField): CopySeed | null {
  let a: string | undefined;
  let b: string | undefined;
  let c: string | undefined;
  let p: string | undefined;
  let j: string | undefined;
  const call: string[] = [];
  for (const s of f.subfields) {
    switch (s.code) {
      case 'a': a ??= s.value; break;
      case 'b': b ??= s.value; break;
      case 'c': c ??= s.value; break;
      case 'p': p ??= s.value; break;
      case 'j': j ??= s.value; break;
      case 'k': case 'h': case 'i': case 'm': {
        const v = val(s.value);
        if (v !== null) call.push(v);
        break;
      }
      default: break;
    }
  }
  const library = val(b) ?? val(a);
  if (library === null) return null;
  return {
    barcode: val(p),
    libraryCode: library,
    homeLibraryCode: null,
    shelfLocation: val(c),
    callNumber: call.length ? call.join(' ') : val(j),
    loanTypeCode: null,
    status: 'on_shelf',
    sourceTag: '852',
  };
}
