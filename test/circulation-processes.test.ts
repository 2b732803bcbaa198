// Concurrency across processes: two server processes share one database (SQLite file or PostgreSQL) and
// receive parallel API requests. Two readers holding one title at the same instant get distinct places; a
// reader sending 20 hold requests at once while holding 9 ends with exactly 10; two desks checking the same
// copy in, or out to two readers, never lend it twice and never lose a hold.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngines, type TestDb } from './helpers/db.js';
import { seedCirculation, type CirculationFixture } from './helpers/circulation.js';
import { startServer, stopServer, type Server } from './helpers/server.js';
import { hashPassword } from '../src/services/passwords.js';
import { CirculationService } from '../src/services/circulation.service.js';

const ENGINES = await testEngines();
const PASSWORD = 'Concurrence-2026!';

async function api(base: string, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

for (const engine of ENGINES) {
  describe(`circulation across two server processes (${engine.name})`, { timeout: 240_000 }, () => {
    let t: TestDb;
    let f: CirculationFixture;
    let a: Server | undefined;
    let b: Server | undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'colophon-procs-'));
    const tokens: Record<string, string> = {};
    const extra: Array<{ recordId: number; barcode: string }> = [];

    before(async () => {
      t = await engine.create();
      f = await seedCirculation(t.db);
      const hash = await hashPassword(PASSWORD);
      await t.db.kysely.updateTable('readers').set({ password_hash: hash }).execute();
      await t.db.kysely.updateTable('staff').set({ password_hash: hash }).execute();
      // 24 more titles with one copy each, all lent to Camille: holds can be placed on them
      const k = t.db.kysely;
      const type = (await k.selectFrom('loan_types').select('id').where('code', '=', 'STD').executeTakeFirstOrThrow()).id;
      const ts = '2026-11-20T10:00:00.000Z';
      for (let i = 0; i < 24; i++) {
        const { id } = await k
          .insertInto('records')
          .values({ control_number: `X${i}`, fingerprint: null, flavour: 'unimarc', marc: '{}', title: `Titre ${i}`, sort_title: `titre ${i}`, subtitle: null, authors: '[]', subjects: '[]', publisher: null, publication_place: null, year: 2020, language: 'fre', isbns: '[]', issns: '[]', series: '[]', document_type: 'book', audience: null, physical_description: null, notes: '[]', created_at: ts, updated_at: ts })
          .returning('id')
          .executeTakeFirstOrThrow();
        const barcode = `39009${String(i).padStart(4, '0')}`;
        await k.insertInto('copies').values({ barcode, record_id: id, home_library_id: f.lib.CENTRALE, current_library_id: f.lib.CENTRALE, shelf_location: null, call_number: null, loan_type_id: type, status: 'on_shelf', created_at: ts, updated_at: ts }).execute();
        extra.push({ recordId: id, barcode });
      }
      const svc = new CirculationService({ db: t.db, config: { baseUrl: 'http://localhost' } });
      for (const x of extra) assert.ok((await svc.checkout(f.staff.centre, { libraryId: f.lib.CENTRALE, cardNumber: f.readers.camille.cardNumber, barcode: x.barcode })).ok, 'lent');
      for (const bc of f.barcodes.popular) assert.ok((await svc.checkout(f.staff.centre, { libraryId: f.lib.CENTRALE, cardNumber: f.readers.leo.cardNumber, barcode: bc })).ok, 'lent');
      [a, b] = await Promise.all([startServer({ DATABASE_URL: t.url, DATA_DIR: join(dataDir, 'a') }), startServer({ DATABASE_URL: t.url, DATA_DIR: join(dataDir, 'b') })]);
      const signIn = async (server: Server, path: string, body: Record<string, string>) => {
        const r = await api(server.url, null, 'POST', path, body);
        assert.equal(r.status, 201, JSON.stringify(r.json));
        return r.json.token as string;
      };
      tokens.camille = await signIn(a, '/api/session', { identifier: f.readers.camille.cardNumber, password: PASSWORD });
      tokens.emily = await signIn(b, '/api/session', { identifier: f.readers.emily.cardNumber, password: PASSWORD });
      tokens.lucas = await signIn(a, '/api/session', { identifier: f.readers.lucas.cardNumber, password: PASSWORD });
      tokens.centre = await signIn(b, '/api/staff/session', { login: 'biblio.centre', password: PASSWORD });
    });

    after(async () => {
      await Promise.all([stopServer(a), stopServer(b)]);
      await t?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('two readers placing holds on one title at the same instant get distinct places in the queue', async () => {
      const body = { recordId: f.titles.popular, pickupLibraryId: f.lib.CENTRALE };
      const [r1, r2] = await Promise.all([api(a!.url, tokens.camille!, 'POST', '/api/me/holds', body), api(b!.url, tokens.emily!, 'POST', '/api/me/holds', body)]);
      assert.deepEqual([r1.status, r2.status], [201, 201], JSON.stringify([r1.json, r2.json]));
      assert.deepEqual([r1.json.position, r2.json.position].sort(), [1, 2]);
    });

    it('a reader holding 9 who sends 20 hold requests at once ends with exactly 10', async () => {
      // Lucas places 9 holds one by one, then 20 at once on 15 other titles (some twice), half to each server
      for (const x of extra.slice(0, 9)) assert.equal((await api(a!.url, tokens.lucas!, 'POST', '/api/me/holds', { recordId: x.recordId, pickupLibraryId: f.lib.CENTRALE })).status, 201);
      const targets = extra.slice(9, 24);
      const burst = Array.from({ length: 20 }, (_, i) => api(i % 2 ? a!.url : b!.url, tokens.lucas!, 'POST', '/api/me/holds', { recordId: targets[i % targets.length]!.recordId, pickupLibraryId: f.lib.TILLEULS }));
      const results = await Promise.all(burst);
      assert.equal(results.filter((r) => r.status === 201).length, 1, JSON.stringify(results.map((r) => r.status)));
      assert.ok(results.every((r) => r.status === 201 || r.status === 409), 'refusals are answered, not errors');
      const mine = await api(b!.url, tokens.lucas!, 'GET', '/api/me/holds');
      assert.equal((mine.json.holds as unknown[]).length, 10);
    });

    it('two desks checking in the same copy at once: one loan closed, the hold filled once', async () => {
      const barcode = f.barcodes.popular[0]!;
      const [r1, r2] = await Promise.all([
        api(a!.url, tokens.centre!, 'POST', '/api/desk/checkin', { libraryId: f.lib.CENTRALE, barcode }),
        api(b!.url, tokens.centre!, 'POST', '/api/desk/checkin', { libraryId: f.lib.CENTRALE, barcode }),
      ]);
      assert.deepEqual([r1.status, r2.status], [200, 200]);
      assert.equal([r1.json, r2.json].filter((r) => r.loan !== null).length, 1, 'one of them closed the loan');
      const holds = await t.db.kysely.selectFrom('holds').select(['reader_id', 'status', 'copy_id']).where('record_id', '=', f.titles.popular).orderBy('id').execute();
      assert.deepEqual(
        holds.map((h) => h.status),
        ['available', 'pending'],
        'the first reader’s hold is on the shelf, the second still waits',
      );
      const open = await t.db.kysely.selectFrom('loans').select('id').where('copy_id', '=', holds[0]!.copy_id!).where('returned_at', 'is', null).execute();
      assert.equal(open.length, 0);
    });

    it('two desks checking one copy out to two readers at once: it is lent once', async () => {
      const barcode = f.barcodes.novel[0]!;
      const [r1, r2] = await Promise.all([
        api(a!.url, tokens.centre!, 'POST', '/api/desk/checkout', { libraryId: f.lib.CENTRALE, barcode, cardNumber: f.readers.camille.cardNumber }),
        api(b!.url, tokens.centre!, 'POST', '/api/desk/checkout', { libraryId: f.lib.CENTRALE, barcode, cardNumber: f.readers.emily.cardNumber }),
      ]);
      assert.deepEqual([r1.status, r2.status].sort(), [201, 409], JSON.stringify([r1.json, r2.json]));
      const copy = await t.db.kysely.selectFrom('copies').select('id').where('barcode', '=', barcode).executeTakeFirstOrThrow();
      const open = await t.db.kysely.selectFrom('loans').select('id').where('copy_id', '=', copy.id).where('returned_at', 'is', null).execute();
      assert.equal(open.length, 1);
      assert.equal(a!.child.exitCode, null, `server A alive: ${a!.output()}`);
    });
  });
}
