// ISO 2709 serialisation (UTF-8, leader/09 = 'a'), for exports and generated benchmark files.
import { isControlField, type MarcRecord } from './record.js';

const FT = 0x1e;
const RT = 0x1d;
const SF = '\x1f';

export function writeIso2709(rec: MarcRecord): Buffer {
  const bodies: Buffer[] = [];
  const dir: string[] = [];
  let pos = 0;
  for (const f of rec.fields) {
    const text = isControlField(f) ? f.value : (f.ind1 || ' ') + (f.ind2 || ' ') + f.subfields.map((s) => SF + s.code + s.value).join('');
    const body = Buffer.from(text + '\x1e', 'utf8');
    if (body.length > 9999) throw new Error(`field ${f.tag} is longer than ISO 2709 allows (${body.length} bytes)`);
    dir.push(f.tag.padStart(3, '0').slice(0, 3) + String(body.length).padStart(4, '0') + String(pos).padStart(5, '0'));
    bodies.push(body);
    pos += body.length;
  }
  const directory = Buffer.from(dir.join('') + String.fromCharCode(FT), 'ascii');
  const base = 24 + directory.length;
  const length = base + pos + 1;
  if (length > 99999) throw new Error(`record is longer than ISO 2709 allows (${length} bytes)`);
  const l = (rec.leader.padEnd(24, ' ')).split('');
  const ls = String(length).padStart(5, '0');
  const bs = String(base).padStart(5, '0');
  for (let i = 0; i < 5; i++) {
    l[i] = ls[i]!;
    l[12 + i] = bs[i]!;
  }
  l[9] = 'a';
  l[10] = '2';
  l[11] = '2';
  l[20] = '4';
  l[21] = '5';
  l[22] = '0';
  l[23] = '0';
  return Buffer.concat([Buffer.from(l.join(''), 'ascii'), directory, ...bodies, Buffer.from([RT])]);
}
