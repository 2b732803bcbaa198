import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryIndex, type IndexDoc } from './memory-index.js';
import { Suggester, editDistance, suggest } from './suggest.js';

describe('editDistance (Damerau-Levenshtein, optimal string alignment)', () => {
  const table: Array<[string, string, number]> = [
    ['chateau', 'chateau', 0],
    ['chatau', 'chateau', 1], // insertion
    ['misterables', 'miserables', 1], // deletion
    ['harri', 'harry', 1], // substitution
    ['chateua', 'chateau', 1], // transposition
    ['photografie', 'photographie', 2],
    ['abc', 'xyz', 3], // capped at max + 1
    ['a', 'abcd', 3],
    ['', 'ab', 2],
  ];
  for (const [a, b, d] of table) {
    test(`${a} -> ${b} = ${d}`, () => {
      assert.equal(editDistance(a, b), d);
      assert.equal(editDistance(b, a), d);
    });
  }
});

function doc(id: number, title: string, authors: string[] = [], notes: string[] = []): IndexDoc {
  return {
    id, title, authors, subjects: [], series: [], notes, isbns: [], issns: [], year: 2000, language: 'fre',
    documentType: 'book', libraries: [1], availableAt: [],
  };
}

describe('suggestions from the catalogue vocabulary', () => {
  const idx = new MemoryIndex();
  idx.build([
    doc(1, 'Les Misérables', ['Hugo, Victor']),
    doc(2, 'Les Misérables : comédie musicale', ['Boublil, Alain']),
    doc(3, "Harry Potter à l'école des sorciers", ['Rowling, J. K.']),
    doc(4, 'Harry Potter et la chambre des secrets', ['Rowling, J. K.']),
    doc(5, 'Le Château de ma mère', ['Pagnol, Marcel']),
    doc(6, 'Châteaux de la Loire', [], ['Guide des châteaux']),
    doc(7, 'La Photographie numérique'),
    doc(8, 'Poster et affiches'),
    doc(9, 'Harris et les poseurs'),
    doc(10, 'Le chat botté'),
    doc(11, 'Histoire de France'),
    doc(12, 'Histoires du soir'),
  ]);
  const suggester = new Suggester(idx);

  const table: Array<[string, string | null]> = [
    ['misterables', 'miserables'],
    ['miserabels', 'miserables'],
    ['chatau', 'chateau'],
    ['chateua', 'chateau'],
    ['harri poter', 'harry potter'], // the combination that finds records wins over "harris poser"
    ['photografie', 'photographie'],
    ['histoier de france', 'histoire de france'],
    ['les misterables hugo', 'les miserables hugo'],
    ['titre:misterables', 'titre:miserables'],
    ['"harri poter"', '"harry potter"'],
    // known words need no correction, even when shorter than the indexed form ("ecol" finds "école")
    ['ecol', null],
    ['ecoles', null],
    ['miserables', null],
    // nothing close enough
    ['xylophonistes', null],
    ['', null],
  ];
  for (const [query, expected] of table) {
    test(`${JSON.stringify(query)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(suggester.suggest(query), expected);
    });
  }

  test('candidates are ranked by distance, then frequency', () => {
    const c = suggester.candidates('chateu');
    assert.equal(c[0]!.word, 'chateau');
    assert.equal(c[0]!.distance, 1);
    assert.ok(c.every((x, i) => i === 0 || x.distance > c[i - 1]!.distance
      || (x.distance === c[i - 1]!.distance && x.frequency <= c[i - 1]!.frequency)));
  });

  test('the dictionary follows the index: new words are picked up, rebuilt indexes are re-read', () => {
    assert.equal(suggester.suggest('zebrre'), null);
    idx.upsert(doc(13, 'Le zèbre et la girafe'));
    assert.equal(suggester.suggest('zebrre'), 'zebre');
    idx.build([doc(1, 'Girafes savantes')]);
    assert.equal(suggester.suggest('girafles'), 'girafes');
    assert.equal(suggester.suggest('zebrre'), null);
  });

  test('one-shot helper', () => {
    assert.equal(suggest(idx, 'savnates'), 'savantes');
  });
});
