import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { testEngines, type TestDb } from '../../test/helpers/db.js';
import { loadConfig } from '../config/config.js';
import { buildApp } from './app.js';

const ENGINES = await testEngines();

for (const engine of ENGINES) {
  describe(`HTTP basics (${engine.name})`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    before(async () => {
      t = await engine.create();
      app = await buildApp({ config: loadConfig({}), db: t.db, logger: false });
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('GET /health answers ok with the engine', async () => {
      const r = await app.inject('/health');
      assert.equal(r.statusCode, 200);
      assert.deepEqual(r.json(), { status: 'ok', database: engine.name });
    });

    it('GET /metrics serves Prometheus text with request durations', async () => {
      await app.inject('/health');
      const r = await app.inject('/metrics');
      assert.equal(r.statusCode, 200);
      assert.match(r.headers['content-type'] as string, /text\/plain/);
      assert.match(r.body, /colophon_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/);
      assert.match(r.body, /colophon_process_resident_memory_bytes/);
    });

    it('pages carry security headers and a French document', async () => {
      const r = await app.inject('/');
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /<html lang="fr">/);
      assert.match(r.headers['content-security-policy'] as string, /frame-ancestors 'none'/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'same-origin');
    });

    it('an unknown page is a 404 page; an unknown API path a JSON error', async () => {
      const page = await app.inject('/nope');
      assert.equal(page.statusCode, 404);
      assert.match(page.body, /Page introuvable/);
      const api = await app.inject('/api/nope');
      assert.equal(api.statusCode, 404);
      assert.deepEqual(api.json(), { error: { code: 'NOT_FOUND', message: 'Not found' } });
    });
  });
}
