// Reading the catalogue for pages and the API: record summaries and details, libraries.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Author, CopyStatus } from '../marc/model.js';
import type { RecordDetail, RecordSummary } from '../services/search.service.js';

export type OpeningHours = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<[string, string]>>>;

export interface LibraryInfo {
  id: number;
  code: string;
  name: string;
  address: string | null;
  postcode: string | null;
  city: string | null;
  phone: string | null;
  email: string | null;
  openingHours: OpeningHours;
}

// Status order in "Où le trouver ?": what a reader can take first.
const STATUS_ORDER: Record<string, number> = { on_shelf: 0, in_transit: 1, on_hold_shelf: 2, on_loan: 3, in_processing: 4, not_for_loan: 5, lost: 6, withdrawn: 7 };

export class CatalogueReadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async libraries(): Promise<LibraryInfo[]> {
    const rows = await this.db.selectFrom('libraries').selectAll().orderBy('name').execute();
    return rows.map((l) => ({
      id: l.id,
      code: l.code,
      name: l.name,
      address: l.address,
      postcode: l.postcode,
      city: l.city,
      phone: l.phone,
      email: l.email,
      openingHours: JSON.parse(l.opening_hours) as OpeningHours,
    }));
  }

  /** Summaries in the order of `ids` (missing ids are left out). */
  async summaries(ids: number[]): Promise<RecordSummary[]> {
    if (ids.length === 0) return [];
    // both at once (two pooled connections on PostgreSQL: one round trip of waiting, not two)
    const [rows, counts] = await Promise.all([
      this.db.selectFrom('records').select(['id', 'title', 'subtitle', 'authors', 'publisher', 'year', 'document_type', 'audience', 'language', 'isbns']).where('id', 'in', ids).execute(),
      this.db
        .selectFrom('copies')
        .select(['record_id', 'status'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('record_id', 'in', ids)
        .where('status', 'not in', ['withdrawn', 'lost'])
        .groupBy(['record_id', 'status'])
        .execute(),
    ]);
    const copies = new Map<number, { copies: number; available: number }>();
    for (const c of counts) {
      const e = copies.get(c.record_id) ?? { copies: 0, available: 0 };
      e.copies += Number(c.n);
      if (c.status === 'on_shelf') e.available += Number(c.n);
      copies.set(c.record_id, e);
    }
    const byId = new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          title: r.title,
          subtitle: r.subtitle,
          authors: JSON.parse(r.authors) as Author[],
          publisher: r.publisher,
          year: r.year,
          documentType: r.document_type,
          audience: r.audience,
          language: r.language,
          isbn: (JSON.parse(r.isbns) as string[])[0] ?? null,
          ...(copies.get(r.id) ?? { copies: 0, available: 0 }),
        } satisfies RecordSummary,
      ]),
    );
    return ids.map((id) => byId.get(id)).filter((r): r is RecordSummary => r !== undefined);
  }

  async detail(id: number): Promise<RecordDetail | null> {
    const r = await this.db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return null;
    const [summary] = await this.summaries([id]);
    const copies = await this.db
      .selectFrom('copies')
      .innerJoin('loan_types', 'loan_types.id', 'copies.loan_type_id')
      // the open loan of a copy on loan: "on loan until DATE" (never who borrowed it)
      .leftJoin('loans', (j) => j.onRef('loans.copy_id', '=', 'copies.id').on('loans.returned_at', 'is', null))
      .select(['copies.barcode', 'copies.shelf_location', 'copies.call_number', 'copies.status', 'copies.current_library_id', 'loan_types.name as loan_type', 'loans.due_date'])
      .where('copies.record_id', '=', id)
      .where('copies.status', 'not in', ['withdrawn', 'lost'])
      .execute();
    const libraries = new Map((await this.libraries()).map((l) => [l.id, l]));
    const groups = new Map<number, RecordDetail['holdings'][number]>();
    for (const c of copies) {
      const lib = libraries.get(c.current_library_id);
      if (!lib) continue;
      let g = groups.get(lib.id);
      if (!g) groups.set(lib.id, (g = { library: lib, copies: [] }));
      g.copies.push({
        barcode: c.barcode,
        shelfLocation: c.shelf_location,
        callNumber: c.call_number,
        status: c.status as CopyStatus,
        dueDate: c.status === 'on_loan' ? (c.due_date ?? null) : null,
        loanType: c.loan_type,
      });
    }
    const holdings = [...groups.values()].sort((a, b) => a.library.name.localeCompare(b.library.name, 'fr'));
    for (const h of holdings) h.copies.sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || a.barcode.localeCompare(b.barcode));
    return {
      ...summary!,
      controlNumber: r.control_number,
      subjects: JSON.parse(r.subjects) as string[],
      series: JSON.parse(r.series) as string[],
      notes: JSON.parse(r.notes) as string[],
      physicalDescription: r.physical_description,
      publicationPlace: r.publication_place,
      isbns: JSON.parse(r.isbns) as string[],
      issns: JSON.parse(r.issns) as string[],
      holdings,
    };
  }
}
