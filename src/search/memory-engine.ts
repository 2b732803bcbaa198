// The in-memory engine of one server process: built from the database at start-up, then kept in step by
// following the catalogue change log (imports from the CLI or another process, check-outs, check-ins).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { SearchRepository } from '../repositories/search.repository.js';
import { MemoryIndex, type MemoryIndexOptions, type SearchRequest, type SearchResult } from './memory-index.js';
import { Suggester } from './suggest.js';
import type { SearchEngine } from './engine.js';

const OPTIMIZE_INLINE_MAX = 200_000;

export interface MemoryEngineOptions extends MemoryIndexOptions {
  /** how often the change log is read (ms); 0 = only when catchUp() is called */
  followIntervalMs?: number;
}

export class MemorySearchEngine implements SearchEngine {
  readonly name = 'memory' as const;
  readonly index: MemoryIndex;
  private readonly suggester: Suggester;
  private readonly repo: SearchRepository;
  private seq = 0;
  private timer?: NodeJS.Timeout;
  private catching?: Promise<number>;

  private constructor(db: Kysely<Database>, private readonly opts: MemoryEngineOptions) {
    this.repo = new SearchRepository(db);
    this.index = new MemoryIndex(opts);
    this.suggester = new Suggester(this.index);
  }

  /** Builds the index from the database and starts following the change log. */
  static async open(db: Kysely<Database>, opts: MemoryEngineOptions = {}): Promise<MemorySearchEngine> {
    const e = new MemorySearchEngine(db, opts);
    // The change log position is read first: a change made during the build is replayed, never missed.
    e.seq = await e.repo.lastChange();
    const docs = [];
    for await (const batch of e.repo.allDocs()) docs.push(...batch);
    e.index.build(docs);
    await e.catchUp();
    const every = opts.followIntervalMs ?? 1000;
    if (every > 0) {
      e.timer = setInterval(() => {
        e.catchUp().catch(() => {}); // a failed read is retried at the next tick
      }, every);
      e.timer.unref();
    }
    return e;
  }

  /** Applies every change logged since the last call; returns how many records were refreshed. */
  catchUp(): Promise<number> {
    // One catch-up at a time: a second caller waits for the running one, then runs its own pass.
    const run = async (): Promise<number> => {
      let refreshed = 0;
      for (;;) {
        const changes = await this.repo.changesSince(this.seq, 5000);
        if (changes.length === 0) break;
        // Record changes re-read the whole document; availability changes (check-outs, check-ins) only flip
        // the record's availability bits, which leaves no dead doc behind.
        const records = new Set(changes.filter((c) => c.kind === 'record').map((c) => c.record_id));
        const avail = [...new Set(changes.filter((c) => c.kind !== 'record' && !records.has(c.record_id)).map((c) => c.record_id))];
        const docs = await this.repo.docs([...records]);
        const found = new Set<number>();
        for (const d of docs) {
          this.index.upsert(d);
          found.add(d.id);
        }
        for (const id of records) if (!found.has(id)) this.index.remove(id);
        for (const [id, libs] of await this.repo.availability(avail)) this.index.setAvailability(id, libs);
        refreshed += records.size + avail.length;
        this.seq = changes[changes.length - 1]!.seq;
      }
      // optimize() renumbers the whole index synchronously (about 17 s at 1M records): done here only on
      // small catalogues; large ones keep appended records at approximate rank until the next start-up.
      if (this.index.size <= OPTIMIZE_INLINE_MAX && this.index.needsOptimize()) this.index.optimize();
      return refreshed;
    };
    const next = (this.catching ?? Promise.resolve(0)).catch(() => 0).then(run);
    this.catching = next;
    return next;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    return this.index.search(req);
  }

  async suggest(query: string): Promise<string | null> {
    return this.suggester.suggest(query);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.catching?.catch(() => {});
  }
}
