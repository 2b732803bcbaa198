// The OpenAPI 3.1 document of the catalogue API, made from the TypeBox schemas that validate the requests.
import type { TObject, TSchema } from '@sinclair/typebox';
import { circulationOpenApi } from './circulation.js';
import { ErrorBody, Library, RecordDetailResponse, RecordParams, RecordSummary, ScopesResponse, SearchResponse, searchQuerySchema } from './schemas.js';

type Json = Record<string, unknown>;

/** Plain JSON Schema: TypeBox's symbol keys dropped. */
function plain(s: TSchema): Json {
  return JSON.parse(JSON.stringify(s)) as Json;
}

function parameters(obj: TObject, where: 'query' | 'path'): Json[] {
  const required = new Set(obj.required ?? []);
  return Object.entries(obj.properties).map(([name, s]) => {
    const schema = plain(s);
    const description = schema.description;
    delete schema.description;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema,
      // repeatable parameters: type=book&type=film
      ...(schema.type === 'array' ? { style: 'form', explode: true } : {}),
    };
  });
}

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const errorResponse = (description: string) => ({ description, content: json('Error') });

export function openApiDocument(scopeCodes: readonly string[], version = '0.1.0'): Json {
  const circulation = circulationOpenApi();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Colophon API',
      version,
      description:
        'Search the catalogue of the library network and read records with their copies ("Où le trouver ?"); readers renew loans and place holds, staff check copies out and in (bearer tokens from /api/session).',
    },
    paths: {
      '/api/search': {
        get: {
          operationId: 'searchCatalogue',
          summary: 'Search the catalogue, with facets',
          description: 'The same query string as the portal results page (/recherche). Repeatable parameters are given once per value.',
          parameters: parameters(searchQuerySchema(scopeCodes), 'query'),
          responses: {
            '200': { description: 'a page of results with facet counts', content: json('SearchResponse') },
            '400': errorResponse('a parameter is not valid (details lists each one)'),
          },
        },
      },
      '/api/records/{id}': {
        get: {
          operationId: 'getRecord',
          summary: 'A record with its copies grouped by library',
          parameters: parameters(RecordParams, 'path'),
          responses: {
            '200': { description: 'the record', content: json('RecordDetail') },
            '400': errorResponse('the id is not a positive integer'),
            '404': errorResponse('no such record'),
          },
        },
      },
      '/api/scopes': {
        get: {
          operationId: 'listScopes',
          summary: 'The portal menu categories usable as `scope`',
          responses: { '200': { description: 'the categories', content: json('Scopes') } },
        },
      },
      ...circulation.paths,
    },
    components: {
      schemas: {
        SearchResponse: plain(SearchResponse),
        RecordSummary: plain(RecordSummary),
        RecordDetail: plain(RecordDetailResponse),
        Library: plain(Library),
        Scopes: plain(ScopesResponse),
        Error: plain(ErrorBody),
        ...circulation.schemas,
      },
      securitySchemes: circulation.securitySchemes,
    },
  };
}
