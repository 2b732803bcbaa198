import type { SearchRequest, SearchResult } from './memory-index.js';

export type { SearchRequest, SearchResult, SearchFilters, SortOrder, Facets, FacetValue } from './memory-index.js';

/** A catalogue search engine: the in-memory index, or a database's full-text search (same semantics). */
export interface SearchEngine {
  readonly name: 'memory' | 'sqlite-fts5' | 'postgres-fts';
  search(req: SearchRequest): Promise<SearchResult>;
  /** a corrected query from the catalogue's own words, or null */
  suggest(query: string): Promise<string | null>;
  close(): Promise<void>;
}
