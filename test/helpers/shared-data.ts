// ../shared/data (relative to the project root), overridable with SHARED_DATA.
// Absent on a user's fresh clone: tests skip with a message. In CI it is always there.
import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHARED_DATA = resolve(process.env.SHARED_DATA ?? join(PROJECT_ROOT, '..', 'shared', 'data'));
export const HAS_SHARED_DATA = existsSync(SHARED_DATA);

/** `skip` option for tests that need the shared data: false when present, a message when absent. */
export function sharedDataSkip(): string | false {
  if (HAS_SHARED_DATA) return false;
  if (process.env.CI === 'true') throw new Error(`shared data not found at ${SHARED_DATA} and CI=true`);
  return `shared data not found at ${SHARED_DATA} (set SHARED_DATA): skipped`;
}

export function sharedFile(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}
