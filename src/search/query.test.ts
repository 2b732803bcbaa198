import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAdvancedQuery, formatQuery, parseQuery, parseYearRange, type QueryNode, type TextField } from './query.js';

const t = (token: string, field: TextField = 'any', prefix = false): QueryNode =>
  ({ kind: 'term', field, token, prefix });
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });
const phrase = (tokens: string[], field: 'any' | 'title' | 'author' = 'any'): QueryNode => ({ kind: 'phrase', field, tokens });

describe('parseQuery', () => {
  const table: Array<[string, QueryNode]> = [
    ['', { kind: 'all' }],
    ['   ', { kind: 'all' }],
    ['guerre', t('guerre')],
    ['Guerre PAIX', and(t('guerre'), t('paix'))],
    ['École', t('ecole')],
    ['"le rouge et le noir"', phrase(['le', 'rouge', 'et', 'le', 'noir'])],
    ['«\u00a0le rouge et le noir\u00a0»', phrase(['le', 'rouge', 'et', 'le', 'noir'])],
    ['“la peste”', phrase(['la', 'peste'])],
    ['photo*', t('photo', 'any', true)],
    ['titre:guerre', t('guerre', 'title')],
    ['title:Guerre', t('guerre', 'title')],
    ['Titre: guerre', t('guerre', 'title')],
    ['auteur:hugo', t('hugo', 'author')],
    ['author:"victor hugo"', phrase(['victor', 'hugo'], 'author')],
    ['sujet:histoire subject:france', and(t('histoire', 'subject'), t('france', 'subject'))],
    ['éditeur:gallimard', t('gallimard', 'publisher')],
    ['editeur:gallimard publisher:seuil', and(t('gallimard', 'publisher'), t('seuil', 'publisher'))],
    ['collection:folio series:pléiade', and(t('folio', 'series'), t('pleiade', 'series'))],
    ['auteur:(hugo OU zola)', or(t('hugo', 'author'), t('zola', 'author'))],
    ['isbn:978-2-07-036024-6', { kind: 'identifier', field: 'isbn', values: ['9782070360246', '2070360245'] }],
    ['issn:0395-2037', { kind: 'identifier', field: 'issn', values: ['03952037'] }],
    ['annee:1990-2000', { kind: 'year', from: 1990, to: 2000 }],
    ['year:1990..2000', { kind: 'year', from: 1990, to: 2000 }],
    ['année:1990', { kind: 'year', from: 1990, to: 1990 }],
    ['annee:>=1990', { kind: 'year', from: 1990, to: null }],
    ['annee:2000-1990', { kind: 'year', from: 1990, to: 2000 }],
    ['chat ET chien', and(t('chat'), t('chien'))],
    ['chat AND chien', and(t('chat'), t('chien'))],
    ['chat OU chien', or(t('chat'), t('chien'))],
    ['chat OR chien', or(t('chat'), t('chien'))],
    // lower-case "et" and "ou" are words
    ['rouge et noir', and(t('rouge'), t('et'), t('noir'))],
    ['chat SAUF chien', and(t('chat'), not(t('chien')))],
    ['chat NOT chien', and(t('chat'), not(t('chien')))],
    ['chat -chien', and(t('chat'), not(t('chien')))],
    ['-chien', not(t('chien'))],
    ['chat -titre:chien', and(t('chat'), not(t('chien', 'title')))],
    // OR binds tighter than AND (as in web search engines)
    ['chat OU chien noir', and(or(t('chat'), t('chien')), t('noir'))],
    ['(chat OU chien) ET noir', and(or(t('chat'), t('chien')), t('noir'))],
    ['chat OU (chien noir)', or(t('chat'), and(t('chien'), t('noir')))],
    ['jean-paul', phrase(['jean', 'paul'])],
    ["l'école", t('ecole')],
    ['978-2-07-036024-6', or({ kind: 'identifier', field: 'isbn', values: ['9782070360246', '2070360245'] }, phrase(['978', '2', '07', '036024', '6']))],
    ['1914-1918', or({ kind: 'identifier', field: 'issn', values: ['19141918'] }, phrase(['1914', '1918']))],
    ['guerre annee:1914-1918', and(t('guerre'), { kind: 'year', from: 1914, to: 1918 })],
  ];
  for (const [input, expected] of table) {
    test(`parses ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseQuery(input), expected);
    });
  }
});

describe('parseQuery on malformed input never throws and degrades to plain words', () => {
  const table: Array<[string, QueryNode]> = [
    ['"unbalanced quote', and(t('unbalanced'), t('quote'))],
    ['le "rouge', and(t('le'), t('rouge'))],
    ['(chat chien', and(t('chat'), t('chien'))],
    ['chat) chien', and(t('chat'), t('chien'))],
    ['((((chat', t('chat')],
    [')))', { kind: 'all' }],
    ['ET', { kind: 'all' }],
    ['chat ET', t('chat')],
    ['OU chat', t('chat')],
    ['chat OU OU chien', or(t('chat'), t('chien'))],
    ['SAUF', { kind: 'all' }],
    ['chat SAUF', t('chat')],
    ['titre:', { kind: 'all' }],
    ['titre:"', { kind: 'all' }],
    ['annee:abc', t('abc')],
    ['inconnu:valeur', phrase(['inconnu', 'valeur'])],
    ['***', { kind: 'all' }],
    ['- + - +', { kind: 'all' }],
    ['""', { kind: 'all' }],
    ['()', { kind: 'all' }],
    ['isbn:', { kind: 'all' }],
    ['isbn:abc', { kind: 'all' }],
  ];
  for (const [input, expected] of table) {
    test(`parses ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseQuery(input), expected);
    });
  }

  test('random garbage never throws', () => {
    const alphabet = ['"', '(', ')', '«', '»', '*', '-', '+', ':', ' ', 'a', 'é', 'ET', 'OU', 'SAUF', 'titre', 'annee', '1990', '..', "'"];
    let seed = 42;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const len = rand(12);
      for (let j = 0; j < len; j++) s += alphabet[rand(alphabet.length)]! + (rand(2) ? ' ' : '');
      const node = parseQuery(s);
      assert.ok(node && typeof node.kind === 'string');
      // the formatted query parses again without throwing
      parseQuery(formatQuery(node));
    }
  });

  test('non-string input gives match-all', () => {
    assert.deepEqual(parseQuery(undefined as unknown as string), { kind: 'all' });
  });
});

describe('parseYearRange', () => {
  const table: Array<[string, { from: number | null; to: number | null } | null]> = [
    ['1990-2000', { from: 1990, to: 2000 }],
    ['1990..2000', { from: 1990, to: 2000 }],
    ['1990', { from: 1990, to: 1990 }],
    ['1990-', { from: 1990, to: null }],
    ['-2000', { from: null, to: 2000 }],
    ['>1990', { from: 1991, to: null }],
    ['<2000', { from: null, to: 1999 }],
    ['<=2000', { from: null, to: 2000 }],
    ['abc', null],
    ['-', null],
  ];
  for (const [input, expected] of table) {
    test(`parses ${JSON.stringify(input)}`, () => assert.deepEqual(parseYearRange(input), expected));
  }
});

describe('formatQuery', () => {
  const inputs = [
    'guerre paix', '"le rouge et le noir"', 'photo*', 'titre:guerre auteur:(hugo OU zola)', 'chat -chien',
    'annee:1990-2000 chat', '(chat OU chien) noir', 'chat OU (chien noir)', 'isbn:9782070360246', 'annee:1990',
  ];
  for (const input of inputs) {
    test(`round-trips ${JSON.stringify(input)}`, () => {
      const ast = parseQuery(input);
      assert.deepEqual(parseQuery(formatQuery(ast)), ast);
    });
  }
});

describe('buildAdvancedQuery', () => {
  test('combines rows left to right with their operators and adds the year range', () => {
    const q = buildAdvancedQuery({
      rows: [
        { field: 'title', terms: 'guerre' },
        { field: 'author', operator: 'or', terms: 'tolstoi' },
        { field: 'subject', operator: 'not', terms: 'russie' },
      ],
      yearFrom: 1900,
      yearTo: 2000,
    });
    assert.deepEqual(q, and(
      or(t('guerre', 'title'), t('tolstoi', 'author')),
      not(t('russie', 'subject')),
      { kind: 'year', from: 1900, to: 2000 },
    ));
  });

  test('match modes: all words, any word, phrase', () => {
    assert.deepEqual(buildAdvancedQuery({ rows: [{ field: 'title', terms: 'guerre paix' }] }),
      and(t('guerre', 'title'), t('paix', 'title')));
    assert.deepEqual(buildAdvancedQuery({ rows: [{ field: 'title', terms: 'guerre paix', match: 'any' }] }),
      or(t('guerre', 'title'), t('paix', 'title')));
    assert.deepEqual(buildAdvancedQuery({ rows: [{ field: 'title', terms: 'guerre et paix', match: 'phrase' }] }),
      phrase(['guerre', 'et', 'paix'], 'title'));
  });

  test('rows accept the query syntax and identifiers', () => {
    assert.deepEqual(buildAdvancedQuery({ rows: [{ field: 'title', terms: 'photo* "la peste"' }] }),
      and(t('photo', 'title', true), phrase(['la', 'peste'], 'title')));
    assert.deepEqual(buildAdvancedQuery({ rows: [{ field: 'isbn', terms: '2-07-036024-5' }] }),
      { kind: 'identifier', field: 'isbn', values: ['2070360245', '9782070360246'] });
  });

  test('empty rows are skipped; an empty form matches everything; a year range alone works', () => {
    assert.deepEqual(buildAdvancedQuery({ rows: [{ field: 'title', terms: '  ' }] }), { kind: 'all' });
    assert.deepEqual(buildAdvancedQuery({ rows: [], yearFrom: 2000 }), { kind: 'year', from: 2000, to: null });
    assert.deepEqual(buildAdvancedQuery({ rows: [{ field: 'any', operator: 'not', terms: 'chien' }] }), not(t('chien')));
    assert.deepEqual(buildAdvancedQuery({ rows: [], yearFrom: 2000, yearTo: 1990 }), { kind: 'year', from: 1990, to: 2000 });
  });
});
