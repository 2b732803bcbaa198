// SQL for catalogue search: documents for the search indexes, and the change log processes follow.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { IndexDoc } from '../search/memory-index.js';
import type { Author } from '../marc/model.js';

type RecordCols = {
  id: number;
  title: string;
  subtitle: string | null;
  authors: string;
  subjects: string;
  publisher: string | null;
  series: string;
  notes: string;
  isbns: string;
  issns: string;
  year: number | null;
  language: string | null;
  document_type: string;
  audience: string | null;
};

export type ChangeKind = 'record' | 'availability';

const RECORD_COLS = ['id', 'title', 'subtitle', 'authors', 'subjects', 'publisher', 'series', 'notes', 'isbns', 'issns', 'year', 'language', 'document_type', 'audience'] as const;

function toDoc(r: RecordCols, copies: Array<{ home: number; current: number; status: string }>): IndexDoc {
  const libraries = new Set<number>();
  const available = new Set<number>();
  for (const c of copies) {
    libraries.add(c.home);
    libraries.add(c.current);
    if (c.status === 'on_shelf') available.add(c.current);
  }
  return {
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    authors: (JSON.parse(r.authors) as Author[]).map((a) => a.name),
    subjects: JSON.parse(r.subjects) as string[],
    publisher: r.publisher,
    series: JSON.parse(r.series) as string[],
    notes: JSON.parse(r.notes) as string[],
    isbns: JSON.parse(r.isbns) as string[],
    issns: JSON.parse(r.issns) as string[],
    year: r.year,
    language: r.language,
    documentType: r.document_type,
    audience: r.audience,
    libraries: [...libraries],
    availableAt: [...available],
  };
}

export class SearchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private async copiesOf(ids: number[]): Promise<Map<number, Array<{ home: number; current: number; status: string }>>> {
    const out = new Map<number, Array<{ home: number; current: number; status: string }>>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom('copies')
      .select(['record_id', 'home_library_id', 'current_library_id', 'status'])
      .where('record_id', 'in', ids)
      .where('status', 'not in', ['withdrawn', 'lost'])
      .execute();
    for (const c of rows) {
      let l = out.get(c.record_id);
      if (!l) out.set(c.record_id, (l = []));
      l.push({ home: c.home_library_id, current: c.current_library_id, status: c.status });
    }
    return out;
  }

  /** Every record as a search document, in id order, a batch at a time (keyset pagination). */
  async *allDocs(batchSize = 5000): AsyncGenerator<IndexDoc[]> {
    let after = 0;
    for (;;) {
      const rows = (await this.db.selectFrom('records').select(RECORD_COLS).where('id', '>', after).orderBy('id').limit(batchSize).execute()) as RecordCols[];
      if (rows.length === 0) return;
      const first = rows[0]!.id;
      const last = rows[rows.length - 1]!.id;
      const copies = new Map<number, Array<{ home: number; current: number; status: string }>>();
      const crow = await this.db
        .selectFrom('copies')
        .select(['record_id', 'home_library_id', 'current_library_id', 'status'])
        .where('record_id', '>=', first)
        .where('record_id', '<=', last)
        .where('status', 'not in', ['withdrawn', 'lost'])
        .execute();
      for (const c of crow) {
        let l = copies.get(c.record_id);
        if (!l) copies.set(c.record_id, (l = []));
        l.push({ home: c.home_library_id, current: c.current_library_id, status: c.status });
      }
      yield rows.map((r) => toDoc(r, copies.get(r.id) ?? []));
      after = last;
    }
  }

  /** Search documents of these records (missing ids: deleted records). */
  async docs(ids: number[]): Promise<IndexDoc[]> {
    if (ids.length === 0) return [];
    const rows = (await this.db.selectFrom('records').select(RECORD_COLS).where('id', 'in', ids).execute()) as RecordCols[];
    const copies = await this.copiesOf(rows.map((r) => r.id));
    return rows.map((r) => toDoc(r, copies.get(r.id) ?? []));
  }

  async lastChange(): Promise<number> {
    const r = await this.db.selectFrom('catalogue_changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(r?.seq ?? 0);
  }

  async changesSince(seq: number, limit: number): Promise<Array<{ seq: number; record_id: number; kind: ChangeKind }>> {
    const rows = await this.db.selectFrom('catalogue_changes').select(['seq', 'record_id', 'kind']).where('seq', '>', seq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), record_id: r.record_id, kind: r.kind as ChangeKind }));
  }

  /** Logs that these records changed (call it in the writer's transaction): every process re-reads them. */
  async recordChanges(recordIds: number[], kind: ChangeKind, now: string): Promise<void> {
    for (let i = 0; i < recordIds.length; i += 5000) {
      const part = recordIds.slice(i, i + 5000);
      await this.db.insertInto('catalogue_changes').values(part.map((record_id) => ({ record_id, kind, changed_at: now }))).execute();
    }
  }

  /** Libraries where each record has a copy on the shelf now. */
  async availability(ids: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await this.db.selectFrom('copies').select(['record_id', 'current_library_id']).where('record_id', 'in', ids).where('status', '=', 'on_shelf').execute();
    for (const r of rows) out.get(r.record_id)?.push(r.current_library_id);
    return out;
  }

  /** Drops change-log entries every process has seen (older than the given time). */
  async pruneChanges(before: string): Promise<void> {
    await this.db.deleteFrom('catalogue_changes').where('changed_at', '<', before).execute();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
