// JSON API of the catalogue: GET /api/search, /api/records/:id, /api/scopes, /api/openapi.json.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { SearchService } from '../../services/search.service.js';
import { RecordParams, searchQuerySchema, type SearchQuery } from './schemas.js';
import { paramErrors, stateFromQuery, toServiceParams } from './search-query.js';
import { openApiDocument } from './openapi.js';

/**
 * preValidation hook: an empty query parameter is an absent one. GET forms send their empty fields
 * (`year_from=&t2=`), which must not fail validation.
 */
export async function dropEmptyParams(req: FastifyRequest): Promise<void> {
  const q = req.query as Record<string, unknown> | undefined;
  if (!q || typeof q !== 'object') return;
  for (const [k, v] of Object.entries(q)) {
    if (v === '') delete q[k];
    else if (Array.isArray(v)) {
      const kept = v.filter((x) => x !== '');
      if (kept.length === 0) delete q[k];
      else if (kept.length !== v.length) q[k] = kept;
    }
  }
}

function badRequest(reply: FastifyReply, message: string, details: ReturnType<typeof paramErrors>) {
  reply.code(400);
  return { error: { code: 'INVALID_REQUEST', message, details } };
}

export function registerApi(app: FastifyInstance, deps: { search: SearchService; version?: string }): void {
  const { search } = deps;
  const scopeCodes = search.scopes.map((s) => s.code);
  const querySchema = searchQuerySchema(scopeCodes);
  const openapi = openApiDocument(scopeCodes, deps.version);

  app.get('/api/search', { schema: { querystring: querySchema }, attachValidation: true, preValidation: dropEmptyParams }, async (req, reply) => {
    if (req.validationError) {
      const details = paramErrors(req.validationError.validation, querySchema);
      return badRequest(reply, `invalid query parameter${details.length > 1 ? 's' : ''}: ${details.map((d) => d.param).join(', ')}`, details);
    }
    const state = stateFromQuery(req.query as SearchQuery);
    const r = await search.search(toServiceParams(state));
    return {
      total: r.total,
      page: r.page,
      pageSize: r.pageSize,
      pages: r.pages,
      sort: r.sort,
      results: r.results,
      facets: state.facets ? (r.facets ?? null) : null,
      suggestion: r.suggestion,
    };
  });

  app.get('/api/records/:id', { schema: { params: RecordParams }, attachValidation: true }, async (req, reply) => {
    if (req.validationError) {
      return badRequest(reply, 'the record id must be a positive integer', [{ param: 'id', message: 'id must be a positive integer' }]);
    }
    const { id } = req.params as Static<typeof RecordParams>;
    const record = await search.record(id);
    if (!record) {
      reply.code(404);
      return { error: { code: 'RECORD_NOT_FOUND', message: `no record with id ${id}` } };
    }
    return record;
  });

  app.get('/api/scopes', async () => search.scopes.map((s) => ({ code: s.code, label: s.label })));

  app.get('/api/openapi.json', async () => openapi);
}
