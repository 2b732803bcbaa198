import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyze, canonicalIsbn, isStopWord, isbnForms, issnForms, looksLikeIsbn, looksLikeIssn, normalizeText, stem,
  titleSortTokens, tokenize,
} from './normalize.js';

describe('normalizeText', () => {
  const table: Array<[string, string]> = [
    ['École', 'ecole'],
    ['ÉCOLES', 'ecoles'],
    ['Noël à Châteauroux', 'noel a chateauroux'],
    ['Œuvres complètes', 'oeuvres completes'],
    ['cœur', 'coeur'],
    ['Ætius, æther', 'aetius, aether'],
    ['Straße', 'strasse'],
    ['Øresund', 'oresund'],
    ['Łódź', 'lodz'],
    ['İstanbul', 'istanbul'],
    ['ﬁn', 'fin'],
    ['Garçon', 'garcon'],
    ['l’école', "l'ecole"],
    ['l‘école', "l'ecole"],
    ['L`ÉCOLE', "l'ecole"],
    // decomposed input (combining acute accent) gives the same as precomposed
    ['E\u0301cole', 'ecole'],
    ['plain ascii 123', 'plain ascii 123'],
  ];
  for (const [input, expected] of table) {
    test(`normalises ${JSON.stringify(input)} to ${JSON.stringify(expected)}`, () => {
      assert.equal(normalizeText(input), expected);
    });
  }
});

describe('tokenize', () => {
  const table: Array<[string, string[]]> = [
    ["L'École des femmes", ['ecole', 'des', 'femmes']],
    ['Le Rouge et le Noir', ['le', 'rouge', 'et', 'le', 'noir']],
    ["qu'il jusqu'au bout", ['il', 'au', 'bout']],
    ["d'Artagnan", ['artagnan']],
    ["aujourd'hui", ['aujourd', 'hui']],
    ["O'Brien", ['o', 'brien']],
    ['Jean-Paul Sartre', ['jean', 'paul', 'sartre']],
    ['S.N.C.F. et R.A.T.P', ['sncf', 'et', 'ratp']],
    ['J. R. R. Tolkien', ['j', 'r', 'r', 'tolkien']],
    ['1914-1918 : la Grande Guerre', ['1914', '1918', 'la', 'grande', 'guerre']],
    ['Ζορμπάς', ['ζορμπας']],
    ['東京 物語', ['東京', '物語']],
    ['  ... ', []],
    ['', []],
  ];
  for (const [input, expected] of table) {
    test(`tokenizes ${JSON.stringify(input)}`, () => {
      assert.deepEqual(tokenize(input), expected);
    });
  }
});

describe('stem', () => {
  test('implements French Snowball (reference outputs)', () => {
    assert.equal(stem('ecoles'), 'ecol');
    assert.equal(stem('continuellement'), 'continuel');
    assert.equal(stem('chevaux'), 'cheval');
    assert.equal(stem('nationaux'), 'national');
    assert.equal(stem('historique'), 'histor');
  });

  test('every accent and case variant of a word reaches the same stem', () => {
    const groups: string[][] = [
      ['ecole', 'école', 'écoles', 'Ecoles', 'ÉCOLE', 'ecoles'],
      ['miserables', 'misérables', 'Misérable', 'MISERABLE'],
      ['chateau', 'château', 'châteaux', 'Chateaux'],
      ['creee', 'créée', 'Créée'],
      ['oeuvre', 'œuvres', 'Œuvre', 'oeuvres'],
      ['annee', 'années', 'Année'],
    ];
    for (const g of groups) {
      const stems = new Set(g.map((w) => stem(tokenize(w)[0]!)));
      assert.equal(stems.size, 1, `${g.join(', ')} -> ${[...stems].join(', ')}`);
    }
  });

  test('plural pre-pass joins singulars and plurals Snowball leaves apart', () => {
    const pairs: Array<[string, string]> = [
      ['photo', 'photos'], ['ami', 'amis'], ['roi', 'rois'], ['petit', 'petits'], ['recit', 'recits'],
      ['jeu', 'jeux'], ['bijou', 'bijoux'], ['anglais', 'anglaise'], ['livre', 'livres'], ['noir', 'noires'],
    ];
    for (const [a, b] of pairs) assert.equal(stem(a), stem(b), `${a} / ${b}`);
  });

  test('leaves numbers and very short tokens alone', () => {
    assert.equal(stem('1914'), '1914');
    assert.equal(stem('xixe'), stem('xixe'));
    assert.equal(stem('le'), 'le');
    assert.equal(stem('a'), 'a');
  });

  test('accepts raw words', () => {
    assert.equal(stem('Écoles'), 'ecol');
  });

  test('analyze = tokenize then stem', () => {
    assert.deepEqual(analyze("Les Misérables à l'école"), ['le', 'miser', 'a', 'ecol']);
  });
});

describe('stop words and sort keys', () => {
  test('stop words are known but only used for ranking', () => {
    assert.equal(isStopWord('le'), true);
    assert.equal(isStopWord('et'), true);
    assert.equal(isStopWord('rouge'), false);
    assert.deepEqual(tokenize('Le Rouge et le Noir').length, 5);
  });

  test('title sort tokens drop a leading article only', () => {
    assert.deepEqual(titleSortTokens(['les', 'miserables']), ['miserables']);
    assert.deepEqual(titleSortTokens(['le']), ['le']);
    assert.deepEqual(titleSortTokens(['rouge', 'et', 'le', 'noir']), ['rouge', 'et', 'le', 'noir']);
  });
});

describe('identifiers', () => {
  test('ISBN-10 and ISBN-13 forms', () => {
    assert.deepEqual(isbnForms('2-07-036024-5'), ['2070360245', '9782070360246']);
    assert.deepEqual(isbnForms('978-2-07-036024-6'), ['9782070360246', '2070360245']);
    assert.deepEqual(isbnForms('2-7654-0912-X'), ['276540912x', '9782765409120']);
    assert.equal(canonicalIsbn('2070360245'), '9782070360246');
    assert.deepEqual(isbnForms('no digits'), []);
  });

  test('ISSN compact form', () => {
    assert.deepEqual(issnForms('0395-2037'), ['03952037']);
    assert.deepEqual(issnForms('1234-567X'), ['1234567x']);
  });

  test('recognises identifiers typed in the search box', () => {
    assert.equal(looksLikeIsbn('978-2-07-036024-6'), true);
    assert.equal(looksLikeIsbn('2070360245'), true);
    assert.equal(looksLikeIsbn('1914'), false);
    assert.equal(looksLikeIssn('0395-2037'), true);
    assert.equal(looksLikeIssn('1914-1918'), true);
    assert.equal(looksLikeIssn('03952037'), false);
  });
});
