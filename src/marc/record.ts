// In-memory MARC record, the same shape whatever the source (ISO 2709, MARCXML, MARC-in-JSON)
// and whatever the flavour (UNIMARC, MARC21). Text is always Unicode NFC.

export interface ControlField {
  tag: string;
  value: string;
}

export interface Subfield {
  code: string;
  value: string;
}

export interface DataField {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: Subfield[];
}

export type Field = ControlField | DataField;

export interface MarcRecord {
  /** 24 characters */
  leader: string;
  fields: Field[];
}

export function isControlField(f: Field): f is ControlField {
  return (f as ControlField).value !== undefined;
}

export function isDataField(f: Field): f is DataField {
  return (f as DataField).subfields !== undefined;
}

/** Data fields with the given tag. */
export function dataFields(rec: MarcRecord, tag: string): DataField[] {
  return rec.fields.filter((f): f is DataField => f.tag === tag && isDataField(f));
}

/** Value of the first control field with the given tag. */
export function controlValue(rec: MarcRecord, tag: string): string | undefined {
  for (const f of rec.fields) if (f.tag === tag && isControlField(f)) return f.value;
  return undefined;
}

/** Values of subfield `code` in a field, in order. */
export function subfieldValues(f: DataField, code: string): string[] {
  return f.subfields.filter((s) => s.code === code).map((s) => s.value);
}

/** First value of subfield `code` in a field. */
export function subfield(f: DataField, code: string): string | undefined {
  for (const s of f.subfields) if (s.code === code) return s.value;
  return undefined;
}
