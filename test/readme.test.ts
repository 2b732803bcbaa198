import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './helpers/shared-data.js';
import { DEMO_SIGN_INS } from '../src/demo/demo-network.js';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

test('the README first screen gives the two set-up commands', () => {
  const head = readme.slice(0, 2500);
  assert.ok(head.includes('npm install && npm start'), 'start command');
  assert.ok(head.includes('npm install && npm test'), 'test command');
});

test('the README lists every demo sign-in the server prints', () => {
  for (const s of DEMO_SIGN_INS) {
    assert.ok(readme.includes(`| \`${s.login}\` | \`${s.password}\` |`), `README row for ${s.login}`);
  }
});
