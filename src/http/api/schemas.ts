// TypeBox schemas of the catalogue's query strings and answers. The same schemas validate requests (Fastify's
// ajv), type the handlers (Static<>) and make the OpenAPI document (openapi.ts).
import { Kind, Type, TypeRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { DOCUMENT_TYPES, COPY_STATUSES, AUDIENCES } from '../../marc/model.js';
import { PAGE_SIZES, SORTS } from '../../services/search.service.js';
import type { SearchField } from '../../search/query.js';

// Enums as JSON Schema `enum` (read better in OpenAPI than anyOf/const, and ajv coerces "20" to 20 for them);
// the custom kind lets TypeBox's own Value.Check (tests) check them too.
if (!TypeRegistry.Has('Enum')) TypeRegistry.Set<{ enum: unknown[] }>('Enum', (schema, value) => schema.enum.includes(value));

export function StringEnum<T extends string>(values: readonly T[], options: Record<string, unknown> = {}) {
  return Type.Unsafe<T>({ [Kind]: 'Enum', type: 'string', enum: [...values], ...options });
}

export function IntegerEnum<T extends number>(values: readonly T[], options: Record<string, unknown> = {}) {
  return Type.Unsafe<T>({ [Kind]: 'Enum', type: 'integer', enum: [...values], ...options });
}

/** A repeatable query parameter (`type=book&type=film`); a single value is read as a list of one. */
function Repeatable<T extends TSchema>(item: T, description: string) {
  return Type.Optional(Type.Array(item, { maxItems: 20, description }));
}

export const SEARCH_FIELDS: readonly SearchField[] = ['any', 'title', 'author', 'subject', 'publisher', 'series', 'isbn', 'issn'];
export const ADV_ROWS = 4;

/** Query string of `GET /api/search` and of the results page `/recherche`. */
export function searchQuerySchema(scopeCodes: readonly string[]) {
  const rows: Record<string, TSchema> = {};
  for (let i = 1; i <= ADV_ROWS; i++) {
    rows[`f${i}`] = Type.Optional(StringEnum(SEARCH_FIELDS, { description: `advanced search (adv=1), row ${i}: field` }));
    rows[`o${i}`] = Type.Optional(
      StringEnum(['and', 'or', 'not'] as const, { description: `row ${i}: how it combines with the rows above (row 1: only "not" counts)` }),
    );
    rows[`t${i}`] = Type.Optional(Type.String({ maxLength: 500, description: `row ${i}: terms (the query syntax works inside a row)` }));
    rows[`m${i}`] = Type.Optional(StringEnum(['all', 'any', 'phrase'] as const, { description: `row ${i}: all words (default), any word, exact phrase` }));
  }
  return Type.Object(
    {
      q: Type.Optional(
        Type.String({
          maxLength: 1000,
          description: 'Words, "phrases", prefix*, fields (titre:, auteur:, sujet:, editeur:, collection:, isbn:, issn:, annee:), ET/OU/SAUF, -word. Empty: every record.',
        }),
      ),
      scope: Type.Optional(StringEnum(scopeCodes, { description: 'portal menu category (see GET /api/scopes)' })),
      type: Repeatable(StringEnum(DOCUMENT_TYPES), 'document types (OR)'),
      library: Repeatable(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' }), 'library codes: held by one of them (OR)'),
      available: Type.Optional(StringEnum(['1', '0'] as const, { description: '1: with a copy on the shelf now (in the selected libraries if any)' })),
      language: Repeatable(Type.String({ pattern: '^[a-z]{3}$' }), 'ISO 639-2/B language codes (OR)'),
      year_from: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999, description: 'publication year, inclusive' })),
      year_to: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999, description: 'publication year, inclusive' })),
      author: Repeatable(Type.String({ minLength: 1, maxLength: 300 }), 'author names as returned in the facets (AND)'),
      subject: Repeatable(Type.String({ minLength: 1, maxLength: 300 }), 'subjects as returned in the facets (AND)'),
      sort: Type.Optional(StringEnum(SORTS, { description: 'default: relevance' })),
      page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: '1-based, default 1' })),
      page_size: Type.Optional(IntegerEnum(PAGE_SIZES, { description: 'default 20' })),
      facets: Type.Optional(StringEnum(['1', '0'] as const, { description: '0: do not count facets (faster)' })),
      adv: Type.Optional(StringEnum(['1', '0'] as const, { description: '1: advanced search from the rows f1/o1/t1/m1 ... f4/o4/t4/m4 (q is ignored)' })),
      ...rows,
    },
    // Other parameters (the UI language `lang`, tracking tags) are ignored, not refused.
    { additionalProperties: true },
  );
}

export type SearchQuery = Static<ReturnType<typeof searchQuerySchema>> & Record<string, unknown>;

export const RecordParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'record id' }) });

// ----- answers -----

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable code: INVALID_REQUEST, NOT_FOUND, INTERNAL, ...' }),
      message: Type.String(),
      details: Type.Optional(
        Type.Array(Type.Object({ param: Type.String(), message: Type.String(), allowed: Type.Optional(Type.Array(Type.Unknown())) })),
      ),
    }),
  }
);

const Author = Type.Object({ name: Type.String(), role: Type.String({ description: 'in French, as the record gives it' }), roleCode: Nullable(Type.String()) });

const RecordSummaryProps = {
  id: Type.Integer(),
  title: Type.String(),
  subtitle: Nullable(Type.String()),
  authors: Type.Array(Author),
  publisher: Nullable(Type.String()),
  year: Nullable(Type.Integer()),
  documentType: StringEnum(DOCUMENT_TYPES),
  audience: Nullable(StringEnum(AUDIENCES)),
  language: Nullable(Type.String()),
  isbn: Nullable(Type.String()),
  copies: Type.Integer({ description: 'copies in the network (withdrawn and lost ones left out)' }),
  available: Type.Integer({ description: 'copies on the shelf now' }),
};

export const RecordSummary = Type.Object(RecordSummaryProps);

const FacetValue = Type.Object({ value: Type.String(), count: Type.Integer() });

export const SearchResponse = Type.Object(
  {
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    pages: Type.Integer(),
    sort: StringEnum(SORTS),
    results: Type.Array(RecordSummary),
    facets: Nullable(
      Type.Object(
        {
          documentType: Type.Array(FacetValue),
          library: Type.Array(Type.Object({ value: Type.String({ description: 'library code' }), label: Type.String(), count: Type.Integer() })),
          available: Type.Integer({ description: 'records among the results with a copy on the shelf now' }),
          language: Type.Array(FacetValue),
          year: Type.Array(Type.Object({ value: Type.Integer({ description: 'first year of the decade' }), count: Type.Integer() })),
          author: Type.Array(FacetValue),
          subject: Type.Array(FacetValue),
        },
        { description: 'counts within the results; a facet with a selected value counts as if that facet were not selected (values combine with OR), except author and subject (AND)' },
      ),
    ),
    suggestion: Nullable(Type.String({ description: 'a corrected query when this one found nothing' })),
  }
);

const Hours = Type.Array(Type.Tuple([Type.String({ pattern: '^\\d\\d:\\d\\d$' }), Type.String({ pattern: '^\\d\\d:\\d\\d$' })]));

export const Library = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    address: Nullable(Type.String()),
    postcode: Nullable(Type.String()),
    city: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    openingHours: Type.Object(
      {
        mon: Type.Optional(Hours), tue: Type.Optional(Hours), wed: Type.Optional(Hours), thu: Type.Optional(Hours),
        fri: Type.Optional(Hours), sat: Type.Optional(Hours), sun: Type.Optional(Hours),
      },
      { description: 'opening periods by weekday, local time; empty or absent: closed' },
    ),
  }
);

export const RecordDetailResponse = Type.Object(
  {
    ...RecordSummaryProps,
    controlNumber: Nullable(Type.String()),
    subjects: Type.Array(Type.String()),
    series: Type.Array(Type.String()),
    notes: Type.Array(Type.String()),
    physicalDescription: Nullable(Type.String()),
    publicationPlace: Nullable(Type.String()),
    isbns: Type.Array(Type.String()),
    issns: Type.Array(Type.String()),
    holdings: Type.Array(
      Type.Object({
        library: Library,
        copies: Type.Array(
          Type.Object({
            barcode: Type.String(),
            shelfLocation: Nullable(Type.String()),
            callNumber: Nullable(Type.String()),
            status: StringEnum(COPY_STATUSES),
            dueDate: Nullable(Type.String({ description: 'yyyy-mm-dd, when on loan' })),
            loanType: Type.String(),
          }),
        ),
      }),
      { description: '"Où le trouver ?": copies grouped by the library where they are' },
    ),
  }
);

export const ScopesResponse = Type.Array(
  Type.Object({ code: Type.String(), label: Type.Object({ fr: Type.String(), en: Type.String() }) })
);
