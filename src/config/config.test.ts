import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from './config.js';

test('defaults to SQLite in ./data on port 3000', () => {
  const c = loadConfig({}, '/srv/app');
  assert.equal(c.port, 3000);
  assert.deepEqual(c.database, { engine: 'sqlite', file: '/srv/app/data/colophon.sqlite' });
  assert.equal(c.baseUrl, 'http://localhost:3000');
  assert.equal(c.smtpUrl, null);
});

test('DATABASE_URL with postgres:// selects PostgreSQL', () => {
  const c = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/lib' }, '/x');
  assert.deepEqual(c.database, { engine: 'postgres', url: 'postgres://u@127.0.0.1:5432/lib' });
});

test('DATA_DIR moves the SQLite file', () => {
  assert.deepEqual(loadConfig({ DATA_DIR: '/var/colophon' }, '/x').database, { engine: 'sqlite', file: '/var/colophon/colophon.sqlite' });
});

const bad: Array<[Record<string, string>, string]> = [
  [{ PORT: 'abc' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
  [{ BASE_URL: 'ftp://x' }, 'BASE_URL'],
  [{ SMTP_URL: 'http://x' }, 'SMTP_URL'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  [{ SEARCH_ENGINE: 'zebra' }, 'SEARCH_ENGINE'],
  [{ JOBS: 'sometimes' }, 'JOBS'],
  [{ SMTP_CONNECTIONS: '0' }, 'SMTP_CONNECTIONS'],
  [{ SMTP_CONNECTIONS: '33' }, 'SMTP_CONNECTIONS'],
  [{ SMTP_CONNECTIONS: '2.5' }, 'SMTP_CONNECTIONS'],
  [{ SMTP_CONNECTIONS: 'many' }, 'SMTP_CONNECTIONS'],
];
for (const [env, variable] of bad) {
  test(`refuses a wrong ${variable} with a message naming it (${JSON.stringify(env)})`, () => {
    assert.throws(() => loadConfig(env, '/x'), (e: unknown) => e instanceof ConfigError && e.variable === variable && e.message.startsWith(variable));
  });
}

test('SMTP_CONNECTIONS: 4 by default, a whole number from 1 to 32', () => {
  assert.equal(loadConfig({}, '/x').smtpConnections, 4);
  assert.equal(loadConfig({ SMTP_CONNECTIONS: '1' }, '/x').smtpConnections, 1);
  assert.equal(loadConfig({ SMTP_CONNECTIONS: '32' }, '/x').smtpConnections, 32);
});

test('SEARCH_ENGINE chooses the in-memory index (default) or the SQL full-text engine', () => {
  assert.equal(loadConfig({}, '/x').searchEngine, 'memory');
  assert.equal(loadConfig({ SEARCH_ENGINE: 'sql' }, '/x').searchEngine, 'sql');
});
