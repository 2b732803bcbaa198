import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '@sinclair/typebox/value';
import { testEngines } from '../../../test/helpers/db.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { RecordDetailResponse, SearchResponse, searchQuerySchema } from './schemas.js';

const ENGINES = await testEngines();

interface SearchBody {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  sort: string;
  results: Array<{ id: number; title: string; year: number | null; documentType: string; copies: number; available: number }>;
  facets: {
    documentType: Array<{ value: string; count: number }>;
    library: Array<{ value: string; label: string; count: number }>;
    available: number;
    language: Array<{ value: string; count: number }>;
    year: Array<{ value: number; count: number }>;
    author: Array<{ value: string; count: number }>;
    subject: Array<{ value: string; count: number }>;
  } | null;
  suggestion: string | null;
}

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ param: string; message: string; allowed?: unknown[] }> };
}

for (const engine of ENGINES) {
  describe(`catalogue API (${engine.name})`, () => {
    let ta: TestApp;
    const get = async (url: string) => {
      const r = await ta.app.inject(url);
      return { status: r.statusCode, body: r.json() as unknown, type: r.headers['content-type'] };
    };
    const search = async (qs: string): Promise<SearchBody> => {
      const r = await get(`/api/search?${qs}`);
      assert.equal(r.status, 200, `GET /api/search?${qs}: ${JSON.stringify(r.body)}`);
      return r.body as SearchBody;
    };
    const errorOf = async (url: string): Promise<ErrorBody> => {
      const r = await get(url);
      assert.equal(r.status, 400, `${url} should be refused`);
      return r.body as ErrorBody;
    };

    before(async () => {
      ta = await createTestApp(engine);
    });
    after(async () => {
      await ta.close();
    });

    it('answers a search with total, a page of results and facets matching the documented schema', async () => {
      const body = await search('q=guerre');
      assert.ok(body.total > 0, 'the demo catalogue has records about "guerre"');
      assert.equal(body.page, 1);
      assert.equal(body.pageSize, 20);
      assert.equal(body.results.length, Math.min(20, body.total));
      assert.ok(Value.Check(SearchResponse, body), `schema: ${JSON.stringify([...Value.Errors(SearchResponse, body)].slice(0, 3))}`);
      assert.ok(body.facets && body.facets.documentType.length > 0, 'document type facet is counted');
    });

    it('keeps facet counts exact: each value, then each value after a first refinement, gives that many results', async () => {
      const all = await search('');
      for (const f of all.facets!.documentType) assert.equal((await search(`type=${f.value}`)).total, f.count, `type=${f.value}`);
      for (const f of all.facets!.library) assert.equal((await search(`library=${f.value}`)).total, f.count, `library=${f.value}`);
      for (const f of all.facets!.language) assert.equal((await search(`language=${f.value}`)).total, f.count, `language=${f.value}`);
      assert.equal((await search('available=1')).total, all.facets!.available, 'available=1');
      const books = await search('type=book');
      for (const f of books.facets!.library) {
        assert.equal((await search(`type=book&library=${f.value}`)).total, f.count, `type=book&library=${f.value}`);
      }
      const lib = books.facets!.library[0]!.value;
      const two = await search(`type=book&library=${lib}`);
      for (const f of two.facets!.language) {
        assert.equal((await search(`type=book&library=${lib}&language=${f.value}`)).total, f.count, `type=book&library=${lib}&language=${f.value}`);
      }
      for (const a of two.facets!.author.slice(0, 3)) {
        assert.equal((await search(`type=book&library=${lib}&author=${encodeURIComponent(a.value)}`)).total, a.count, `author=${a.value}`);
      }
    });

    it('combines values of one facet with OR and facets with AND; removing a filter restores the count', async () => {
      const book = (await search('type=book')).total;
      const film = (await search('type=film')).total;
      assert.equal((await search('type=book&type=film')).total, book + film);
      const both = await search('type=book&library=TILLEULS');
      assert.ok(both.total <= book, 'a second facet narrows');
      assert.equal((await search('type=book')).total, book, 'removing library=TILLEULS gives the type=book count again');
      // a single value of a repeatable parameter is a list of one
      assert.equal((await search('type=book')).total, (await search('type=book&type=book')).total);
    });

    it('filters by publication years and by scope', async () => {
      const r = await search('year_from=2010&year_to=2019&page_size=50');
      assert.ok(r.total > 0, 'records from the 2010s');
      for (const x of r.results) assert.ok(x.year !== null && x.year >= 2010 && x.year <= 2019, `year ${x.year}`);
      const music = await search('scope=musique&page_size=50');
      assert.ok(music.total > 0, 'the music category has records');
      for (const x of music.results) assert.ok(['music', 'score'].includes(x.documentType), `scope musique gave ${x.documentType}`);
    });

    it('sorts by newest, title and author, and pages through the results', async () => {
      const newest = await search('sort=newest&page_size=50');
      const years = newest.results.map((r) => r.year ?? -1);
      assert.deepEqual(years, [...years].sort((a, b) => b - a), 'newest first');
      const byTitle = await search('sort=title&page_size=10');
      assert.equal(byTitle.sort, 'title');
      assert.notDeepEqual(byTitle.results.map((r) => r.id), newest.results.slice(0, 10).map((r) => r.id));
      const p1 = await search('page_size=10');
      const p2 = await search('page_size=10&page=2');
      assert.equal(p2.page, 2);
      assert.equal(p1.pages, Math.ceil(p1.total / 10));
      const ids1 = new Set(p1.results.map((r) => r.id));
      assert.ok(p2.results.every((r) => !ids1.has(r.id)), 'page 2 shares no record with page 1');
      const beyond = await search(`page_size=10&page=${p1.pages + 5}`);
      assert.equal(beyond.results.length, 0);
      assert.equal(beyond.total, p1.total);
    });

    it('suggests a correction when a misspelt query finds nothing', async () => {
      const r = await search('q=gerre');
      assert.equal(r.total, 0);
      assert.equal(r.suggestion, 'guerre');
    });

    it('runs the advanced form (adv=1 with rows) like the equivalent query', async () => {
      const adv = await search('adv=1&f1=title&t1=guerre');
      const q = await search('q=titre:guerre');
      assert.ok(adv.total > 0, 'titles with "guerre"');
      assert.equal(adv.total, q.total);
      const not = await search('adv=1&f1=title&t1=guerre&o2=not&f2=subject&t2=mondiale');
      assert.ok(not.total < adv.total, 'SAUF narrows');
    });

    it('treats empty parameters as absent (forms send their empty fields)', async () => {
      const all = await search('');
      assert.equal((await search('q=&year_from=&year_to=&type=&sort=&t1=')).total, all.total);
    });

    it('skips the facet counts with facets=0', async () => {
      const r = await search('q=guerre&facets=0');
      assert.equal(r.facets, null);
      assert.ok(r.total > 0, 'results still come');
    });

    it('refuses invalid parameters with a 400 listing each of them, never a 500', async () => {
      const e = await errorOf('/api/search?page_size=13');
      assert.equal(e.error.code, 'INVALID_REQUEST');
      assert.equal(e.error.details?.[0]?.param, 'page_size');
      assert.deepEqual(e.error.details?.[0]?.allowed, [10, 20, 50]);
      const many = await errorOf('/api/search?year_from=abc&sort=random&type=book&type=vinyl&page=0&scope=nowhere');
      assert.deepEqual(many.error.details?.map((d) => d.param).sort(), ['page', 'scope', 'sort', 'type', 'year_from']);
      assert.match(many.error.message, /year_from/);
      const long = await errorOf(`/api/search?q=${'a'.repeat(1001)}`);
      assert.equal(long.error.details?.[0]?.param, 'q');
      const dup = await errorOf('/api/search?q=a&q=b');
      assert.equal(dup.error.details?.[0]?.param, 'q');
      // odd but harmless input still answers
      for (const q of ['(((', '"', 'titre:', ')))OU', '-', '*', '%00', '\u0000', 'SAUF SAUF']) {
        assert.equal((await get(`/api/search?q=${encodeURIComponent(q)}`)).status, 200, `q=${JSON.stringify(q)}`);
      }
    });

    it('answers a record with its copies grouped by library, matching the documented schema', async () => {
      const first = (await search('q=guerre')).results[0]!;
      const r = await get(`/api/records/${first.id}`);
      assert.equal(r.status, 200);
      const rec = r.body as { id: number; title: string; holdings: Array<{ library: { code: string; openingHours: object }; copies: Array<{ status: string }> }> };
      assert.equal(rec.id, first.id);
      assert.equal(rec.title, first.title);
      assert.ok(rec.holdings.length > 0, 'the record has copies');
      assert.equal(rec.holdings.reduce((n, h) => n + h.copies.length, 0), first.copies);
      assert.ok(Value.Check(RecordDetailResponse, r.body), `schema: ${JSON.stringify([...Value.Errors(RecordDetailResponse, r.body)].slice(0, 3))}`);
    });

    it('answers 404 JSON for an unknown record and 400 for an id that is not a number', async () => {
      const missing = await get('/api/records/999999');
      assert.equal(missing.status, 404);
      assert.equal((missing.body as ErrorBody).error.code, 'RECORD_NOT_FOUND');
      const bad = await errorOf('/api/records/abc');
      assert.equal(bad.error.details?.[0]?.param, 'id');
      assert.equal((await get('/api/records/0')).status, 400);
    });

    it('lists the menu categories', async () => {
      const r = await get('/api/scopes');
      assert.equal(r.status, 200);
      const codes = (r.body as Array<{ code: string }>).map((s) => s.code);
      assert.deepEqual(codes, ['livres', 'musique', 'cinema', 'numerique', 'jeunesse', 'ados', 'patrimoine']);
    });

    it('serves an OpenAPI 3.1 document generated from the validating schemas', async () => {
      const r = await ta.app.inject('/api/openapi.json');
      assert.equal(r.statusCode, 200);
      assert.match(r.headers['content-type'] as string, /application\/json/);
      const doc = JSON.parse(r.body) as {
        openapi: string;
        paths: Record<string, { get: { parameters?: Array<{ name: string; in: string; schema: { type?: string; enum?: unknown[] } }>; responses: Record<string, unknown> } }>;
        components: { schemas: Record<string, unknown> };
      };
      assert.match(doc.openapi, /^3\.1\./);
      assert.ok(doc.paths['/api/search'], 'documents /api/search');
      assert.ok(doc.paths['/api/records/{id}'], 'documents /api/records/{id}');
      const params = doc.paths['/api/search']!.get.parameters!;
      const names = params.map((p) => p.name);
      const schema = searchQuerySchema(ta.search.scopes.map((s) => s.code));
      assert.deepEqual(names, Object.keys(schema.properties), 'every query parameter the schema validates is documented');
      assert.deepEqual(params.find((p) => p.name === 'page_size')?.schema.enum, [10, 20, 50]);
      assert.equal(params.find((p) => p.name === 'type')?.schema.type, 'array');
      assert.deepEqual(doc.paths['/api/records/{id}']!.get.parameters!.map((p) => [p.name, p.in]), [['id', 'path']]);
      for (const ref of ['SearchResponse', 'RecordDetail', 'Error']) assert.ok(doc.components.schemas[ref], `component ${ref}`);
      // no TypeBox-internal keys leak into the document
      assert.doesNotMatch(r.body, /TypeBox|\[Kind\]/);
    });
  });
}
