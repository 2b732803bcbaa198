// Exactly once, as far as SMTP allows (DESIGN.md 7): `colophon notices run` is killed (SIGKILL, like a power
// cut) at each named fault-injection point, then a `colophon worker` is started, against a real SMTP server
// on 127.0.0.1 that counts what it receives. Expected, and documented in the README:
// - killed before sending: nothing received; the notice is found 'sending' past its lease, becomes uncertain,
//   is sent once: 1 received;
// - killed after the server accepted it but before our record: 1 received; uncertain, sent again with the same
//   Message-ID: 2 received (the one unavoidable duplicate);
// - killed after recording: 1 received, never sent again.
// In every case the notice is never lost, and a second run never tells the same loan again.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngines, type TestDb } from './helpers/db.js';
import { seedCirculation, type CirculationFixture } from './helpers/circulation.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp.js';
import { runCli } from './helpers/cli.js';
import { PROJECT_ROOT } from './helpers/shared-data.js';
import { CirculationService } from '../src/services/circulation.service.js';
import { localDate, addDays } from '../src/domain/circulation/calendar.js';

const ENGINES = await testEngines();
const POINTS = [
  { point: 'before-send', receivedWhenKilled: 0, receivedAtEnd: 1 },
  { point: 'after-accept', receivedWhenKilled: 1, receivedAtEnd: 2 },
  { point: 'after-record', receivedWhenKilled: 1, receivedAtEnd: 1 },
] as const;

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const engine of ENGINES) {
  describe(`notices survive a worker killed at each fault-injection point (${engine.name})`, { timeout: 300_000 }, () => {
    let sink: SmtpSink;
    before(async () => {
      sink = await startSmtpSink();
    });
    after(async () => sink.close());

    for (const { point, receivedWhenKilled, receivedAtEnd } of POINTS) {
      it(`killed ${point}: ${receivedWhenKilled} received at the crash, ${receivedAtEnd} in the end, never lost`, async () => {
        const t: TestDb = await engine.create();
        const dir = mkdtempSync(join(tmpdir(), 'colophon-crash-'));
        try {
          const f: CirculationFixture = await seedCirculation(t.db);
          // one loan of Camille's, due tomorrow: a due-soon notice
          const svc = new CirculationService({ db: t.db, config: { baseUrl: 'http://localhost' } });
          const loan = await svc.checkout(f.staff.centre, { libraryId: f.lib.CENTRALE, cardNumber: f.readers.camille.cardNumber, barcode: f.barcodes.novel[0]! });
          assert.ok(loan.ok, 'lent');
          await t.db.kysely.updateTable('loans').set({ due_date: addDays(localDate(new Date(), 'Europe/Paris'), 1) }).execute();
          const to = `crash-${point}-${engine.name}@example.org`;
          await t.db.kysely.updateTable('readers').set({ email: to }).where('id', '=', f.readers.camille.readerId).execute();
          const count = () => sink.mails.filter((m) => m.to.includes(to)).length;
          const env = { DATABASE_URL: t.url, DATA_DIR: dir, SMTP_URL: sink.url, BASE_URL: 'http://127.0.0.1:3000' };

          const crashed = await runCli(['notices', 'run'], { ...env, COLOPHON_FAULT: point });
          assert.equal(crashed.code, null, `killed by its fault point (${crashed.stderr})`);
          await new Promise((r) => setTimeout(r, 300));
          assert.equal(count(), receivedWhenKilled, 'received when the process died');
          const row = await t.db.kysely.selectFrom('outbox').selectAll().where('to_address', '=', to).executeTakeFirstOrThrow();
          assert.equal(row.status, point === 'after-record' ? 'sent' : 'sending', 'what the dead process left on record');

          // the restart: once the send lease has passed (moved back here instead of waiting 2 minutes), a worker
          // finds the message uncertain and sends it again with the same Message-ID
          await t.db.kysely.updateTable('outbox').set({ last_attempt_at: new Date(Date.now() - 3 * 60_000).toISOString() }).where('status', '=', 'sending').execute();
          const worker = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/main/cli.ts'), 'worker'], {
            cwd: PROJECT_ROOT,
            env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          worker.stdout.on('data', (d) => (out += d));
          worker.stderr.on('data', (d) => (out += d));
          try {
            const done = await until('the worker to settle the notice', async () => {
              const r = await t.db.kysely.selectFrom('outbox').selectAll().where('to_address', '=', to).executeTakeFirst();
              return r?.status === 'sent' && count() >= receivedAtEnd ? r : null;
            });
            await new Promise((r) => setTimeout(r, 1500)); // a second outbox pass would show a duplicate here
            assert.equal(count(), receivedAtEnd, `received in the end (worker output: ${out})`);
            assert.equal(Boolean(done.uncertain_at), point !== 'after-record', 'uncertain_at records the window');
            const ids = new Set(sink.mails.filter((m) => m.to.includes(to)).map((m) => m.messageId));
            assert.deepEqual([...ids], [row.message_id], 'one Message-ID, whatever the attempts');
          } finally {
            if (worker.exitCode === null) {
              const exited = new Promise((r) => worker.once('exit', r));
              worker.kill('SIGTERM');
              const timer = setTimeout(() => worker.kill('SIGKILL'), 10_000);
              await exited;
              clearTimeout(timer);
            }
          }
          // a second run tells nothing again
          const again = await runCli(['notices', 'run'], env);
          assert.equal(again.code, 0, again.stderr);
          assert.match(again.stdout, /notices: 0 emails/);
          assert.equal(count(), receivedAtEnd);
        } finally {
          rmSync(dir, { recursive: true, force: true });
          await t.cleanup().catch(() => {});
        }
      });
    }
  });
}
