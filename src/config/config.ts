// The one place that reads process.env. Everything else receives a typed Config.
import { resolve } from 'node:path';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface Config {
  port: number;
  host: string;
  /** Data directory: SQLite database, outbox, exports. */
  dataDir: string;
  /** SQLite file (in dataDir) unless DATABASE_URL points to PostgreSQL. */
  database: { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };
  /** Public URL of the portal, used in emails and to decide on Secure cookies. */
  baseUrl: string;
  smtpUrl: string | null;
  /** SMTP_CONNECTIONS: connections a process keeps open to the SMTP server (default 4; more than one: the SMTP client runs in a worker thread) */
  smtpConnections: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  production: boolean;
  /** SEARCH_ENGINE: 'memory' (default: an in-memory index following the change log) or 'sql' (SQLite FTS5 / PostgreSQL full text) */
  searchEngine: 'memory' | 'sql';
  /** JOBS: 'on' (default: the server process runs the jobs too) or 'off' (only `colophon worker` processes do) */
  jobs: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parsePort(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a port number (0-65535), got "${raw}"`);
  const n = Number(raw);
  if (n > 65535) throw new ConfigError(name, `expected a port number (0-65535), got "${raw}"`);
  return n;
}

function parseUrl(name: string, raw: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL, got "${raw}"`);
  }
  return url;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const port = env.PORT ? parsePort('PORT', env.PORT) : 3000;
  const host = env.HOST || '0.0.0.0';
  const dataDir = resolve(cwd, env.DATA_DIR || 'data');
  let database: Config['database'] = { engine: 'sqlite', file: resolve(dataDir, 'colophon.sqlite') };
  if (env.DATABASE_URL) {
    const url = parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:', 'sqlite:', 'file:']);
    if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') database = { engine: 'postgres', url: env.DATABASE_URL };
    else {
      const file = decodeURIComponent(url.pathname);
      if (!file) throw new ConfigError('DATABASE_URL', 'a sqlite: URL needs a file path, e.g. sqlite:///var/lib/colophon/db.sqlite');
      database = { engine: 'sqlite', file };
    }
  }
  const baseUrl = (env.BASE_URL ? parseUrl('BASE_URL', env.BASE_URL, ['http:', 'https:']).toString() : `http://localhost:${port}/`).replace(/\/$/, '');
  const smtpUrl = env.SMTP_URL ? parseUrl('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']).toString() : null;
  const smtpConnections = Number(env.SMTP_CONNECTIONS || 4);
  if (!Number.isInteger(smtpConnections) || smtpConnections < 1 || smtpConnections > 32) throw new ConfigError('SMTP_CONNECTIONS', `expected a whole number from 1 to 32, got "${env.SMTP_CONNECTIONS}"`);
  const rawLevel = env.LOG_LEVEL || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(rawLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${rawLevel}"`);
  }
  const searchEngine = env.SEARCH_ENGINE || 'memory';
  if (searchEngine !== 'memory' && searchEngine !== 'sql') throw new ConfigError('SEARCH_ENGINE', `expected memory or sql, got "${searchEngine}"`);
  const jobs = env.JOBS || 'on';
  if (jobs !== 'on' && jobs !== 'off') throw new ConfigError('JOBS', `expected on or off, got "${jobs}"`);
  return {
    port,
    host,
    dataDir,
    database,
    baseUrl,
    smtpUrl,
    smtpConnections,
    logLevel: rawLevel as Config['logLevel'],
    production: env.NODE_ENV === 'production',
    searchEngine,
    jobs: jobs === 'on',
  };
}
