// Catalogue search and record pages: the one use case behind the portal pages and the JSON API.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SearchEngine, SortOrder, FacetValue } from '../search/engine.js';
import type { SearchFilters } from '../search/memory-index.js';
import { buildAdvancedQuery, type AdvancedSearch } from '../search/query.js';
import { DEFAULT_SCOPES, type Scope } from '../search/scopes.js';
import type { Author, CopyStatus } from '../marc/model.js';
import { CatalogueReadRepository, type LibraryInfo } from '../repositories/catalogue-read.repository.js';

export const PAGE_SIZES = [10, 20, 50] as const;
export const SORTS: readonly SortOrder[] = ['relevance', 'newest', 'title', 'author'];

export interface CatalogueFilters {
  documentType?: string[];
  /** library codes */
  library?: string[];
  available?: boolean;
  language?: string[];
  yearFrom?: number;
  yearTo?: number;
  author?: string[];
  subject?: string[];
}

export interface CatalogueSearchParams {
  /** the reader's query (reader syntax: words, "phrases", prefix*, titre:, auteur:, ...) */
  q?: string;
  /** advanced search form; when given it replaces q */
  advanced?: AdvancedSearch;
  /** menu category code (see scopes.ts) */
  scope?: string;
  filters?: CatalogueFilters;
  sort?: SortOrder;
  /** 1-based */
  page?: number;
  pageSize?: number;
  /** compute facet counts (default true); without them the facet lists are empty */
  facets?: boolean;
}

export interface LibraryFacetValue extends FacetValue<string> {
  /** library name */
  label: string;
}

export interface CatalogueFacets {
  documentType: FacetValue[];
  library: LibraryFacetValue[];
  /** records of the results with a copy on the shelf now */
  available: number;
  language: FacetValue[];
  /** decades: value = first year */
  year: FacetValue<number>[];
  author: FacetValue[];
  subject: FacetValue[];
}

export interface RecordSummary {
  id: number;
  title: string;
  subtitle: string | null;
  authors: Author[];
  publisher: string | null;
  year: number | null;
  documentType: string;
  audience: string | null;
  language: string | null;
  isbn: string | null;
  copies: number;
  /** copies on the shelf now */
  available: number;
}

export interface CatalogueSearchResult {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  sort: SortOrder;
  results: RecordSummary[];
  facets: CatalogueFacets;
  /** corrected query when the search found nothing and a correction finds something */
  suggestion: string | null;
}

export interface CopyView {
  barcode: string;
  shelfLocation: string | null;
  callNumber: string | null;
  status: CopyStatus;
  /** due date (yyyy-mm-dd) when on loan; null until circulation exists */
  dueDate: string | null;
  loanType: string;
}

export interface HoldingsView {
  library: LibraryInfo;
  copies: CopyView[];
}

export interface RecordDetail extends RecordSummary {
  controlNumber: string | null;
  subjects: string[];
  series: string[];
  notes: string[];
  physicalDescription: string | null;
  publicationPlace: string | null;
  isbns: string[];
  issns: string[];
  /** "Où le trouver ?": copies grouped by the library where they are */
  holdings: HoldingsView[];
}

/** How long a process keeps the list of libraries for searching. */
const LIBRARIES_TTL_MS = 10_000;

export class SearchService {
  private readonly read: CatalogueReadRepository;
  private librariesCache: { at: number; list: LibraryInfo[] } | null = null;
  constructor(
    db: Kysely<Database>,
    private readonly engine: SearchEngine,
    readonly scopes: readonly Scope[] = DEFAULT_SCOPES,
  ) {
    this.read = new CatalogueReadRepository(db);
  }

  get engineName(): string {
    return this.engine.name;
  }

  /**
   * The libraries, kept LIBRARIES_TTL_MS: every search maps the library codes it is given and names the library
   * facet with them, and a network's libraries change a few times a year.
   */
  private async libraries(): Promise<LibraryInfo[]> {
    if (this.librariesCache && Date.now() - this.librariesCache.at < LIBRARIES_TTL_MS) return this.librariesCache.list;
    const list = await this.read.libraries();
    this.librariesCache = { at: Date.now(), list };
    return list;
  }

  async search(p: CatalogueSearchParams): Promise<CatalogueSearchResult> {
    const libraries = await this.libraries();
    const byCode = new Map(libraries.map((l) => [l.code, l]));
    const byId = new Map(libraries.map((l) => [l.id, l]));
    const f = p.filters ?? {};
    const scope = p.scope ? this.scopes.find((s) => s.code === p.scope) : undefined;
    const filters: SearchFilters = {
      documentType: intersectOrGiven(scope?.documentTypes, f.documentType),
      audience: scope?.audiences ? [...scope.audiences] : undefined,
      library: f.library?.map((c) => byCode.get(c)?.id).filter((id): id is number => id !== undefined),
      available: f.available || undefined,
      language: f.language,
      yearFrom: f.yearFrom ?? null,
      yearTo: f.yearTo ?? null,
      author: f.author,
      subject: f.subject,
    };
    const sort = p.sort && SORTS.includes(p.sort) ? p.sort : 'relevance';
    const pageSize = p.pageSize && PAGE_SIZES.includes(p.pageSize as (typeof PAGE_SIZES)[number]) ? p.pageSize : 20;
    const page = Math.max(1, Math.min(p.page ?? 1, 10_000));
    const query = p.advanced ? buildAdvancedQuery(p.advanced) : (p.q ?? '');
    const wantFacets = p.facets !== false;
    const r = await this.engine.search({ query, filters, sort, page, pageSize, facets: wantFacets });
    const results = await this.read.summaries(r.ids);
    const facets = r.facets ?? { documentType: [], library: [], available: 0, language: [], year: [], author: [], subject: [] };
    let suggestion: string | null = null;
    if (r.total === 0 && typeof query === 'string' && query.trim()) suggestion = await this.engine.suggest(query);
    return {
      total: r.total,
      page: r.page,
      pageSize: r.pageSize,
      pages: Math.max(1, Math.ceil(r.total / r.pageSize)),
      sort,
      results,
      suggestion,
      facets: {
        documentType: facets.documentType,
        library: facets.library
          .map((v) => ({ value: byId.get(v.value)?.code ?? String(v.value), label: byId.get(v.value)?.name ?? String(v.value), count: v.count })),
        available: facets.available,
        language: facets.language,
        year: facets.year,
        author: facets.author,
        subject: facets.subject,
      },
    };
  }

  record(id: number): Promise<RecordDetail | null> {
    return this.read.detail(id);
  }
}

/** A scope's types narrowed by the reader's type filter (both apply). */
function intersectOrGiven(scope: readonly string[] | undefined, chosen: string[] | undefined): string[] | undefined {
  if (!scope) return chosen;
  if (!chosen?.length) return [...scope];
  const inScope = chosen.filter((t) => scope.includes(t));
  return inScope.length ? inScope : ['\u0000none'];
}
