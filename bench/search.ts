// bench/search: a generated catalogue of N records (default 1,000,000), then p50/p95/p99 of 1,000 mixed queries,
// plain and with all the facets, through the search service and over HTTP (127.0.0.1), on each engine,
// and the server's peak memory.
// Usage: npm run bench:search -- [--records 1000000] [--engine sqlite|postgres|both] [--queries 1000] [--smoke]
import { parseArgs } from 'node:util';
import http from 'node:http';
import autocannon from 'autocannon';
import { iterateDemoRecords } from '../src/demo/demo-network.js';
import { mulberry32 } from '../src/demo/demo-random.js';
import { CatalogueImporter } from '../src/services/import.service.js';
import type { ReadItem } from '../src/marc/readers.js';
import { MemorySearchEngine } from '../src/search/memory-engine.js';
import { SearchService, type CatalogueSearchParams } from '../src/services/search.service.js';
import { buildApp } from '../src/http/app.js';
import { loadConfig } from '../src/config/config.js';
import { analyze } from '../src/search/normalize.js';
import { freshDb, fmt, memorySampler, parseEngines, percentile } from './util.js';

const { values } = parseArgs({
  options: { records: { type: 'string' }, engine: { type: 'string' }, queries: { type: 'string' }, smoke: { type: 'boolean' } },
});
const N = values.smoke ? 3000 : Number(values.records ?? 1_000_000);
const Q = values.smoke ? 100 : Number(values.queries ?? 1000);
const engines = parseEngines(values.engine);

function* items(n: number): Generator<ReadItem> {
  let i = 0;
  for (const record of iterateDemoRecords(n)) yield { ok: true, record, index: ++i, offset: 0, encoding: 'utf8' };
}

/** Two consecutive words of a title, as a phrase. */
function phraseOf(title: string, r: () => number): string {
  const words = title.split(/\s+/).filter(Boolean);
  const i = Math.floor(r() * Math.max(1, words.length - 1));
  return `"${words.slice(i, i + 2).join(' ')}"`;
}

interface Q {
  kind: string;
  params: CatalogueSearchParams;
}

/** The query mix, from the catalogue's own titles and authors: common and rare words, phrases, prefixes, fields. */
async function queryMix(svc: SearchService, titles: Array<{ title: string; author: string | null; isbn: string | null }>, count: number): Promise<Q[]> {
  const freq = new Map<string, number>();
  for (const t of titles) for (const w of t.title.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w.length > 1) freq.set(w, (freq.get(w) ?? 0) + 1);
  const byFreq = [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const common = byFreq.slice(0, 40); // includes very common words: "de", "la", "le", "histoire"...
  const rare = byFreq.filter((w) => (freq.get(w) ?? 0) === 1 && analyze(w).length === 1).slice(0, 500);
  const r = mulberry32(42);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)]!;
  const out: Q[] = [];
  const libs = (await svc.search({ q: '', pageSize: 10 })).facets.library.map((l) => l.value);
  while (out.length < count) {
    const x = r();
    const t = pick(titles);
    const longCommon = common.filter((w) => w.length >= 4);
    const [kind, q]: [string, string] =
      x < 0.3 ? ['common word', pick(common)]
      : x < 0.45 ? ['two common words', `${pick(common)} ${pick(common)}`]
      : x < 0.65 ? ['rare word', pick(rare.length ? rare : common)]
      : x < 0.75 ? ['phrase', phraseOf(t.title, r)]
      : x < 0.85 ? ['prefix', `${pick(longCommon.length ? longCommon : common).slice(0, 4)}*`]
      : x < 0.92 ? ['author field', `auteur:${(t.author ?? pick(common)).split(/[ ,]+/)[0]}`]
      : x < 0.97 ? ['boolean', `${pick(common)} OU ${pick(rare.length ? rare : common)} SAUF ${pick(common)}`]
      : ['isbn', t.isbn ?? pick(common)];
    out.push({ kind, params: { q, sort: 'relevance', page: 1, pageSize: 20, facets: false } });
  }
  // The same queries with all the facets counted and 0 to 3 filters selected.
  const types = ['book', 'comic', 'film', 'music'];
  return [
    ...out,
    ...out.map((o, i) => {
      const filters: CatalogueSearchParams['filters'] = {};
      if (i % 4 >= 1) filters.documentType = [types[i % types.length]!];
      if (i % 4 >= 2) filters.library = [libs[i % Math.max(1, libs.length)]!].filter(Boolean);
      if (i % 4 >= 3) filters.available = true;
      return { kind: `${o.kind} + facets`, params: { ...o.params, facets: true, filters } };
    }),
  ];
}

function toUrl(p: CatalogueSearchParams): string {
  const u = new URLSearchParams({ q: p.q ?? '', page_size: String(p.pageSize ?? 20) });
  if (p.facets === false) u.set('facets', '0');
  for (const t of p.filters?.documentType ?? []) u.append('type', t);
  for (const l of p.filters?.library ?? []) u.append('library', l);
  if (p.filters?.available) u.set('available', '1');
  return `/api/search?${u}`;
}

function stats(label: string, ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `${label.padEnd(34)} n=${String(s.length).padStart(5)}  p50 ${fmt(percentile(s, 50), 2).padStart(7)} ms  p95 ${fmt(percentile(s, 95), 2).padStart(7)} ms  p99 ${fmt(percentile(s, 99), 2).padStart(7)} ms`;
}

function get(port: number, path: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

for (const engine of engines) {
  const { db, cleanup } = await freshDb(engine);
  try {
    const mem = memorySampler();
    let t = performance.now();
    const importer = new CatalogueImporter(db, { batchSize: 2000 });
    await importer.importItems('generated', items(N));
    console.log(`[${engine}] imported ${fmt(importer.report.created)} records in ${fmt((performance.now() - t) / 1000, 1)} s`);
    t = performance.now();
    const searchEngine = await MemorySearchEngine.open(db.kysely, { followIntervalMs: 0 });
    console.log(`[${engine}] in-memory index built in ${fmt((performance.now() - t) / 1000, 1)} s, RSS ${fmt(process.memoryUsage().rss / 1048576)} MiB`);
    const svc = new SearchService(db.kysely, searchEngine);
    const sample = await db.kysely.selectFrom('records').select(['title', 'authors', 'isbns']).where('id', '<=', 5000).execute();
    const titles = sample.map((s) => ({ title: s.title, author: (JSON.parse(s.authors) as Array<{ name: string }>)[0]?.name ?? null, isbn: (JSON.parse(s.isbns) as string[])[0] ?? null }));
    const mix = await queryMix(svc, titles, Q);
    for (const q of mix.slice(0, 50)) await svc.search(q.params); // warm-up

    // Through the service.
    const byKind = new Map<string, number[]>();
    const plain: number[] = [];
    const faceted: number[] = [];
    for (const q of mix) {
      const s = performance.now();
      await svc.search(q.params);
      const ms = performance.now() - s;
      (q.params.facets ? faceted : plain).push(ms);
      const k = byKind.get(q.kind) ?? [];
      k.push(ms);
      byKind.set(q.kind, k);
    }
    console.log(`[${engine}] service, ${fmt(N)} records:`);
    console.log('  ' + stats('plain keyword queries', plain));
    console.log('  ' + stats('with all the facets', faceted));
    for (const [k, v] of [...byKind].sort()) console.log('    ' + stats(k, v));

    // Over HTTP: sequential requests with keep-alive (exact percentiles), then autocannon for throughput.
    const app = await buildApp({ config: loadConfig({}), db, logger: false, search: svc });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const hp: number[] = [];
    const hf: number[] = [];
    for (const q of mix) (q.params.facets ? hf : hp).push(await get(port, toUrl(q.params), agent));
    console.log(`[${engine}] HTTP (one connection):`);
    console.log('  ' + stats('plain keyword queries', hp));
    console.log('  ' + stats('with all the facets', hf));
    const urls = mix.map((q) => toUrl(q.params));
    let i = 0;
    const ac = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 4,
      amount: urls.length,
      requests: [{ setupRequest: (req) => ({ ...req, path: urls[i++ % urls.length]! }) }],
    });
    console.log(
      `[${engine}] autocannon, 4 connections, ${ac.requests.total} requests: ${fmt(ac.requests.average)} req/s, ` +
        `latency p50 ${ac.latency.p50} ms, p97.5 ${ac.latency.p97_5} ms, p99 ${ac.latency.p99} ms, errors ${ac.errors + ac.non2xx}`,
    );
    agent.destroy();
    await app.close();
    await searchEngine.close();
    console.log(`[${engine}] peak RSS ${fmt(mem.stop())} MiB (import, index and server in one process)`);
  } finally {
    await cleanup();
  }
}
