import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { testEngines } from '../../test/helpers/db.js';
import { startSmtpSink } from '../../test/helpers/smtp.js';
import { testClock } from '../../test/helpers/accounts.js';
import { BACKOFF_MS, Mailer, SEND_LEASE_MS, defaultFrom } from './mailer.js';
import { passwordResetMail } from './templates/password-reset.js';
import { OutboxService } from '../services/outbox.service.js';
import { AuthzError, type StaffPrincipal } from '../authz/accounts.js';
import { emailChangeMail } from './templates/email-change.js';
import { freePort } from '../../test/helpers/net.js';

const ENGINES = await testEngines();

const message = (to: string) => ({
  kind: 'password-reset',
  to,
  from: defaultFrom('Réseau de Val-de-Lys', 'https://portail.example.org'),
  ...passwordResetMail({ lang: 'fr', networkName: 'Réseau de Val-de-Lys', firstName: 'Camille', link: 'https://portail.example.org/x?token=abc', expiresInMinutes: 60 }),
});

describe('email templates', () => {
  it('escape what they interpolate in the HTML part, and keep it as is in the text part', () => {
    const m = passwordResetMail({ lang: 'fr', networkName: 'Réseau <Val>', firstName: '<img src=x onerror=alert(1)>', link: 'https://p.example.org/r?token=a&b', expiresInMinutes: 60 });
    assert.doesNotMatch(m.html, /<img src=x/);
    assert.match(m.html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(m.html, /href="https:\/\/p\.example\.org\/r\?token=a&amp;b"/);
    assert.match(m.text, /Bonjour <img src=x onerror=alert\(1\)>,/);
    assert.match(m.text, /^https:\/\/p\.example\.org\/r\?token=a&b$/m);
  });
  it('exist in French and English', () => {
    const fr = emailChangeMail({ lang: 'fr', networkName: 'N', firstName: 'Emily', newEmail: 'e@example.org', link: 'https://p/x', expiresInHours: 24 });
    const en = emailChangeMail({ lang: 'en', networkName: 'N', firstName: 'Emily', newEmail: 'e@example.org', link: 'https://p/x', expiresInHours: 24 });
    assert.match(fr.subject, /confirmez votre adresse/);
    assert.match(en.subject, /confirm your email address/);
    assert.match(fr.html, /<html lang="fr">/);
    assert.match(en.html, /<html lang="en">/);
  });
});

for (const engine of ENGINES) {
  describe(`mailer (${engine.name})`, () => {
    it('without SMTP_URL, files each message as .eml in the data directory and records it in the outbox', async () => {
      const t = await engine.create();
      const dataDir = mkdtempSync(join(tmpdir(), 'colophon-outbox-'));
      try {
        const mailer = new Mailer({ db: t.db, config: { dataDir, baseUrl: 'https://portail.example.org', smtpUrl: null } });
        assert.equal(mailer.mode, 'file');
        const { id, messageId } = await mailer.queue(message('camille.martin@example.org'));
        await mailer.drain();
        const row = await t.db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(row.status, 'filed');
        assert.equal(row.attempts, 1);
        assert.match(messageId, /^<[0-9a-f-]{36}@portail\.example\.org>$/);
        const files = readdirSync(join(dataDir, 'outbox'));
        assert.deepEqual(files, [row.file]);
        const parsed = await simpleParser(readFileSync(join(dataDir, 'outbox', files[0]!)));
        assert.equal(parsed.messageId, messageId);
        assert.equal(parsed.subject, 'Réseau de Val-de-Lys : choisir un nouveau mot de passe');
        assert.match(parsed.text ?? '', /https:\/\/portail\.example\.org\/x\?token=abc/);
        assert.match(typeof parsed.html === 'string' ? parsed.html : '', /Choisir un nouveau mot de passe/);

        // Staff read it in the back office: network administrators only (the messages hold reset links).
        const admin: StaffPrincipal = { kind: 'staff', staffId: 1, login: 'admin', name: 'A', role: 'admin', libraryIds: [], mustChangePassword: false };
        const outbox = new OutboxService({ db: t.db });
        assert.deepEqual((await outbox.list(admin)).map((m) => [m.id, m.to_address, m.status]), [[id, 'camille.martin@example.org', 'filed']]);
        assert.match((await outbox.get(admin, id)).text_body, /token=abc/);
        await assert.rejects(outbox.list({ ...admin, role: 'librarian' }), (e: unknown) => e instanceof AuthzError && e.code === 'FORBIDDEN');
      } finally {
        await t.cleanup();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    for (const connections of [1, 4]) {
      it(`sends through SMTP with the recorded Message-ID, text and HTML parts (${connections === 1 ? 'one connection' : 'SMTP thread, 4 connections'})`, async () => {
        const t = await engine.create();
        const sink = await startSmtpSink();
        try {
          const mailer = new Mailer({ db: t.db, config: { dataDir: tmpdir(), baseUrl: 'https://portail.example.org', smtpUrl: sink.url }, maxConnections: connections });
          const { id, messageId } = await mailer.queue(message('camille.martin@example.org'));
          const got = await sink.waitFor('camille.martin@example.org');
          await mailer.drain();
          assert.equal(got.messageId, messageId);
          assert.equal(got.from, 'no-reply@portail.example.org');
          assert.deepEqual(got.to, ['camille.martin@example.org']);
          assert.equal(got.subject, 'Réseau de Val-de-Lys : choisir un nouveau mot de passe');
          assert.match(got.text, /token=abc/);
          assert.match(got.html, /<a href=/);
          assert.equal(got.headers.get('auto-submitted'), 'auto-generated');
          const row = await t.db.kysely.selectFrom('outbox').select(['status', 'sent_at']).where('id', '=', id).executeTakeFirstOrThrow();
          assert.equal(row.status, 'sent');

          // a batch: every message once, each recorded as sent
          const batch = await mailer.recordMany(t.db.kysely, Array.from({ length: 25 }, (_, i) => message(`lecteur${i}@example.org`)));
          const first = mailer.deliveryQueue();
          first.add(batch.map((b) => b.id));
          assert.equal(await first.finish(), 25);
          for (let i = 0; i < 25; i++) assert.equal((await sink.waitFor(`lecteur${i}@example.org`)).messageId, batch[i]!.messageId);
          assert.equal(sink.mails.length, 26, 'nothing twice');
          const statuses = await t.db.kysely.selectFrom('outbox').select('status').where('id', 'in', batch.map((b) => b.id)).execute();
          assert.deepEqual([...new Set(statuses.map((r) => r.status))], ['sent']);

          // messages added while the delivery runs (a notice run adds each batch once recorded): every one sent once
          const queue = mailer.deliveryQueue();
          const later: Array<{ id: number; messageId: string }> = [];
          for (let round = 0; round < 6; round++) {
            const more = await mailer.recordMany(t.db.kysely, Array.from({ length: 7 }, (_, i) => message(`suite${round}-${i}@example.org`)));
            later.push(...more);
            queue.add(more.map((m) => m.id));
            await new Promise((r) => setTimeout(r, 5));
          }
          assert.equal(await queue.finish(), 42);
          const laterRows = await t.db.kysely.selectFrom('outbox').select('status').where('id', 'in', later.map((m) => m.id)).execute();
          assert.deepEqual([...new Set(laterRows.map((r) => r.status))], ['sent'], 'none left queued');
          for (const m of later) assert.equal(sink.mails.filter((x) => x.messageId === m.messageId).length, 1, `${m.messageId} received once`);
          await mailer.close();
        } finally {
          await sink.close();
          await t.cleanup();
        }
      });
    }

    it('records a failed delivery and sends it later with the same Message-ID; an uncertain one too after a while', async () => {
      const t = await engine.create();
      const port = await freePort();
      const clock = testClock();
      try {
        // Nothing listens on `port` yet: the first attempt fails.
        const config = { dataDir: tmpdir(), baseUrl: 'https://portail.example.org', smtpUrl: `smtp://127.0.0.1:${port}` };
        const mailer = new Mailer({ db: t.db, config, now: clock.now });
        const { id, messageId } = await mailer.queue(message('camille.martin@example.org'));
        await mailer.drain();
        const failed = await t.db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(failed.status, 'failed');
        assert.match(failed.error ?? '', /ECONNREFUSED/);

        const sink = await startSmtpSink();
        try {
          const later = new Mailer({ db: t.db, config: { ...config, smtpUrl: sink.url }, now: clock.now });
          assert.equal(await later.deliverPending(), 0, 'not before its backoff');
          assert.ok(failed.next_attempt_at, 'retry time recorded');
          clock.advance(BACKOFF_MS[0]! + 1);
          assert.equal(await later.deliverPending(), 1);
          assert.equal((await sink.waitFor('camille.martin@example.org')).messageId, messageId);

          // A process that stopped between "sending" and its record: uncertain once the lease has passed, then sent again.
          await t.db.kysely.updateTable('outbox').set({ status: 'sending', last_attempt_at: clock.now().toISOString() }).where('id', '=', id).execute();
          assert.equal(await later.deliverPending(), 0);
          clock.advance(SEND_LEASE_MS + 1);
          assert.equal(await later.deliverPending(), 1);
          const again = await t.db.kysely.selectFrom('outbox').select(['status', 'uncertain_at']).where('id', '=', id).executeTakeFirstOrThrow();
          assert.equal(again.status, 'sent');
          assert.ok(again.uncertain_at, 'the uncertain window is kept on record');
          assert.equal((await sink.waitFor('camille.martin@example.org')).messageId, messageId, 'the same Message-ID: receivers can drop the copy');
          await later.close();
        } finally {
          await sink.close();
        }
      } finally {
        await t.cleanup();
      }
    });
  });
}
