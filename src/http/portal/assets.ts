// Static files of the portal (the style sheet), read once and served with a content hash in their URL, so
// browsers may cache them for a year. The CSP (`default-src 'self'`) forbids inline styles: CSS lives here.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

const FILES: Record<string, string> = { 'colophon.css': 'text/css; charset=utf-8' };

function load(name: string, type: string): Asset {
  const body = readFileSync(new URL(`../assets/${name}`, import.meta.url));
  return { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

const ASSETS = new Map(Object.entries(FILES).map(([name, type]) => [name, load(name, type)]));

/** URL of an asset with its content hash. */
export function assetUrl(name: keyof typeof FILES & string): string {
  const a = ASSETS.get(name);
  return `/assets/${name}${a ? `?v=${a.hash}` : ''}`;
}

export function registerAssets(app: FastifyInstance): void {
  app.get<{ Params: { name: string }; Querystring: { v?: string } }>('/assets/:name', async (req, reply) => {
    const a = ASSETS.get(req.params.name);
    if (!a) return reply.callNotFound();
    reply.type(a.type);
    reply.header('etag', `"${a.hash}"`);
    reply.header('cache-control', req.query.v === a.hash ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (req.headers['if-none-match'] === `"${a.hash}"`) return reply.code(304).send();
    return a.body;
  });
}
