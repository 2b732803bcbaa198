// Micro-benchmark of the in-memory catalogue index (not a test).
//
//   node --import tsx --max-old-space-size=8192 src/search/memory-index.bench.ts [docs=1000000] [queries=1000]
//
// Builds N synthetic records with French vocabulary drawn from Zipf-like distributions (a handful of words
// occur in 30-60 % of the records, most words in a few), then times 1,000 mixed queries: common words,
// rare words, phrases, prefixes, field searches, booleans; each without facets ("plain") and with every
// facet counted plus filters selected ("all facets"). Prints build time, memory and latency percentiles.
import v8 from 'node:v8';
import vm from 'node:vm';
import { MemoryIndex, type IndexDoc, type SearchRequest } from './memory-index.js';
import { Suggester } from './suggest.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const N = Number(process.argv[2] ?? 1_000_000);
const Q = Number(process.argv[3] ?? 1000);

// ---- deterministic PRNG
let seed = 0x9e3779b9;
function rand(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}
function randInt(n: number): number {
  return Math.floor(rand() * n);
}

/** Zipf-Mandelbrot sampler over n ranks: p(r) ~ 1 / (r + q)^s, with a precomputed CDF. */
function zipf(n: number, s: number, q = 1): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    sum += 1 / Math.pow(r + q, s);
    cdf[r] = sum;
  }
  for (let r = 0; r < n; r++) cdf[r]! /= sum;
  return () => {
    const u = rand();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

// ---- vocabulary: real French words first (the frequent ones), then generated pseudo-words
const FUNCTION_WORDS = ['de', 'la', 'le', 'et', 'les', 'des', 'en', 'du', 'un', 'une', 'au', 'pour', 'dans', 'sur', 'à', 'aux', 'par', 'avec'];
const CONTENT_WORDS = (`histoire france guerre monde vie enfants art nouvelle siècle paris roman politique société
 temps femmes homme grande livre petit cuisine musique voyage nature guide amour mort école éducation droit économie
 santé science philosophie théâtre poésie mémoire ville pays famille jeunesse photographie cinéma littérature mer
 jardin animaux chevaux église république révolution culture patrimoine europe afrique amérique chine japon
 méthode pratique manuel dictionnaire encyclopédie atlas contes légendes récits nouvelles lettres correspondance
 œuvres complètes journal carnet chroniques souvenirs mémoires aventures enquête mystère secret nuit jour soleil
 lune étoiles ciel terre eau feu air montagne forêt rivière château maison chemin route train bateau avion
 roi reine prince princesse chevalier dragon sorcier fée loup renard chat chien oiseau cheval vache cochon
 médecine psychologie sociologie anthropologie archéologie géographie mathématiques physique chimie biologie
 informatique internet numérique technique industrie travail entreprise commerce argent banque finance
 agriculture environnement climat énergie écologie développement durable ville urbanisme architecture
 peinture sculpture dessin bande dessinée manga album jeunesse premières lectures documentaire
 religion christianisme islam judaïsme bouddhisme spiritualité morale éthique justice loi constitution
 élections démocratie pouvoir état nation peuple histoire sociale ouvriers paysans bourgeoisie noblesse
 misérables rouge noir blanc bleu vert jaune couleurs lumière ombre silence bruit voix chant danse fête`)
  .split(/\s+/).filter((w) => w !== '');
const SYLLABLES = ['ba', 'be', 'bi', 'bo', 'bu', 'ca', 'ce', 'ci', 'co', 'cu', 'da', 'de', 'di', 'do', 'du', 'fa', 'fe', 'fi',
  'fo', 'ga', 'ge', 'gi', 'go', 'la', 'le', 'li', 'lo', 'lu', 'ma', 'me', 'mi', 'mo', 'mu', 'na', 'ne', 'ni', 'no',
  'pa', 'pe', 'pi', 'po', 'pu', 'ra', 're', 'ri', 'ro', 'ru', 'sa', 'se', 'si', 'so', 'su', 'ta', 'te', 'ti', 'to',
  'tu', 'va', 've', 'vi', 'vo', 'tion', 'ment', 'eur', 'ette', 'ique', 'isme', 'ance', 'oir', 'ard', 'ien', 'é', 'è'];
function pseudoWord(): string {
  const k = 2 + randInt(3);
  let w = '';
  for (let i = 0; i < k; i++) w += SYLLABLES[randInt(SYLLABLES.length)]!;
  return w;
}
const VOCAB_SIZE = 200_000;
const vocabSet = new Set<string>([...FUNCTION_WORDS, ...CONTENT_WORDS]);
while (vocabSet.size < VOCAB_SIZE) vocabSet.add(pseudoWord());
const VOCAB = [...vocabSet];
// q = 5: the most frequent content words occur in 30-40 % of the records, the 40th in about 6 %
const contentWord = zipf(VOCAB.length - FUNCTION_WORDS.length, 1.0, 5);
function word(): string {
  return VOCAB[FUNCTION_WORDS.length + contentWord()]!;
}
function phrase(nWords: number, functionWordRate: number): string {
  const out: string[] = [];
  for (let i = 0; i < nWords; i++) {
    if (i > 0 && rand() < functionWordRate) out.push(FUNCTION_WORDS[randInt(6)]!);
    out.push(word());
  }
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const FIRST_NAMES = ['Jean', 'Marie', 'Pierre', 'Anne', 'Louis', 'Claire', 'Paul', 'Sophie', 'Michel', 'Isabelle', 'Jacques',
  'Catherine', 'Victor', 'Émile', 'Hélène', 'François', 'Camille', 'Léon', 'Zoé', 'Chloé'];
const AUTHORS = Array.from({ length: 150_000 }, () => `${pseudoWord().replace(/^./, (c) => c.toUpperCase())}, ${FIRST_NAMES[randInt(FIRST_NAMES.length)]}`);
const authorPick = zipf(AUTHORS.length, 0.9);
const SUBJECTS = Array.from({ length: 30_000 }, () => phrase(1 + randInt(3), 0.3));
const subjectPick = zipf(SUBJECTS.length, 1.0);
const PUBLISHERS = Array.from({ length: 3_000 }, () => 'Éditions ' + phrase(1 + randInt(2), 0));
const publisherPick = zipf(PUBLISHERS.length, 1.1);
const SERIES = Array.from({ length: 10_000 }, () => phrase(1 + randInt(3), 0.3));
const seriesPick = zipf(SERIES.length, 1.0);
const TYPES = ['book', 'book', 'book', 'book', 'book', 'book', 'dvd', 'cd', 'periodical', 'ebook', 'score', 'map', 'game'];
const LANGS = ['fre', 'fre', 'fre', 'fre', 'fre', 'fre', 'fre', 'fre', 'eng', 'eng', 'ger', 'spa', 'ita', 'ara', 'por'];
const NUM_LIBRARIES = 40;
const libPick = zipf(NUM_LIBRARIES, 0.8);

function makeDoc(id: number): IndexDoc {
  const libs = new Set<number>();
  const copies = 1 + Math.floor(-Math.log(1 - rand()) * 1.5);
  for (let i = 0; i < copies; i++) libs.add(1 + libPick());
  const libraries = [...libs];
  const authors: string[] = [];
  const nAuthors = rand() < 0.1 ? 0 : 1 + (rand() < 0.3 ? 1 : 0) + (rand() < 0.1 ? 1 : 0);
  for (let i = 0; i < nAuthors; i++) authors.push(AUTHORS[authorPick()]!);
  const subjects: string[] = [];
  const nSubjects = randInt(5);
  for (let i = 0; i < nSubjects; i++) subjects.push(SUBJECTS[subjectPick()]!);
  const notes: string[] = [];
  if (rand() < 0.6) notes.push(phrase(5 + randInt(30), 0.35));
  if (rand() < 0.2) notes.push(phrase(3 + randInt(10), 0.3));
  const year = rand() < 0.03 ? null : 2025 - Math.floor(Math.abs(-Math.log(1 - rand()) * 18)) % 200;
  return {
    id,
    title: phrase(1 + randInt(6), 0.4),
    subtitle: rand() < 0.4 ? phrase(2 + randInt(6), 0.4) : null,
    authors,
    subjects,
    publisher: PUBLISHERS[publisherPick()]!,
    series: rand() < 0.3 ? [SERIES[seriesPick()]!] : [],
    notes,
    isbns: rand() < 0.8 ? [`978-2-${String(100000 + (id % 900000))}-${String(id % 100).padStart(2, '0')}-${id % 10}`] : [],
    issns: [],
    year,
    language: LANGS[randInt(LANGS.length)]!,
    documentType: TYPES[randInt(TYPES.length)]!,
    libraries,
    availableAt: libraries.filter(() => rand() < 0.6),
  };
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(0) + ' MB';
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// ---- build
gc();
const mem0 = process.memoryUsage();
let t0 = performance.now();
let docs: IndexDoc[] | null = [];
for (let i = 1; i <= N; i++) docs.push(makeDoc(i));
const genMs = performance.now() - t0;
const sampleDocs = docs.filter((_, i) => i % 997 === 0);
const index = new MemoryIndex();
t0 = performance.now();
index.build(docs);
const buildMs = performance.now() - t0;
docs = null;
gc();
const mem1 = process.memoryUsage();
const stats = index.stats();
console.log(`docs: ${N.toLocaleString('en')}  (generated in ${(genMs / 1000).toFixed(1)} s)`);
console.log(`build: ${(buildMs / 1000).toFixed(1)} s   stems: ${stats.stems.toLocaleString('en')}   words: ${stats.words.toLocaleString('en')}`);
console.log(`memory after build (+GC): heapUsed ${mb(mem1.heapUsed)} (+${mb(mem1.heapUsed - mem0.heapUsed)}), ` +
  `arrayBuffers ${mb(mem1.arrayBuffers)}, rss ${mb(mem1.rss)} (+${mb(mem1.rss - mem0.rss)})`);

// ---- document frequencies of a few words, to show the Zipf shape
const df = (w: string): string => `${w} ${((index.count(w) / N) * 100).toFixed(1)}%`;
console.log('match share: ' + ['de', 'la', 'histoire', 'france', 'guerre', 'photographie', VOCAB[3000]!, VOCAB[100_000]!].map(df).join(', '));

// ---- queries
type Kind = 'common1' | 'common2' | 'rare' | 'mixed' | 'phrase' | 'prefix' | 'field' | 'boolean';
const queries: Array<{ kind: Kind; q: string }> = [];
const common = (): string => VOCAB[FUNCTION_WORDS.length + randInt(40)]!;
const rare = (): string => VOCAB[FUNCTION_WORDS.length + 2000 + randInt(150_000)]!;
for (let i = 0; i < Q; i++) {
  const r = rand();
  if (r < 0.2) queries.push({ kind: 'common1', q: rand() < 0.2 ? FUNCTION_WORDS[randInt(6)]! : common() });
  else if (r < 0.3) queries.push({ kind: 'common2', q: `${common()} ${common()}` });
  else if (r < 0.45) queries.push({ kind: 'rare', q: rare() });
  else if (r < 0.58) queries.push({ kind: 'mixed', q: `${common()} ${rare()}` });
  else if (r < 0.7) {
    const d = sampleDocs[randInt(sampleDocs.length)]!;
    const words = d.title.split(' ');
    const start = randInt(Math.max(1, words.length - 1));
    queries.push({ kind: 'phrase', q: `"${words.slice(start, start + 2 + randInt(2)).join(' ')}"` });
  } else if (r < 0.8) {
    const w = rand() < 0.5 ? common() : VOCAB[FUNCTION_WORDS.length + randInt(5000)]!;
    queries.push({ kind: 'prefix', q: w.slice(0, Math.min(w.length, 3 + randInt(3))) + '*' });
  } else if (r < 0.9) {
    const d = sampleDocs[randInt(sampleDocs.length)]!;
    queries.push({ kind: 'field', q: rand() < 0.5 && d.authors.length > 0 ? `auteur:${d.authors[0]!.split(',')[0]}` : `titre:${common()}` });
  } else queries.push({ kind: 'boolean', q: `(${common()} OU ${common()}) SAUF ${common()}` });
}
function withFacets(q: string, i: number): SearchRequest {
  return {
    query: q,
    facets: true,
    filters: {
      library: i % 2 === 0 ? [1 + (i % NUM_LIBRARIES)] : [1, 2 + (i % 5)],
      available: true,
      documentType: ['book'],
      language: i % 3 === 0 ? ['fre', 'eng'] : ['fre'],
      yearFrom: 1950,
      yearTo: 2025,
    },
    sort: 'relevance',
  };
}

function run(label: string, make: (q: string, i: number) => SearchRequest): void {
  const times: number[] = [];
  const byKind = new Map<Kind, number[]>();
  for (let i = 0; i < queries.length; i++) {
    const { kind, q } = queries[i]!;
    const req = make(q, i);
    const s = performance.now();
    index.search(req);
    const t = performance.now() - s;
    times.push(t);
    const list = byKind.get(kind) ?? [];
    list.push(t);
    byKind.set(kind, list);
  }
  times.sort((a, b) => a - b);
  const f = (x: number): string => x.toFixed(2);
  console.log(`${label.padEnd(34)} p50 ${f(pct(times, 50))} ms  p95 ${f(pct(times, 95))} ms  p99 ${f(pct(times, 99))} ms  max ${f(times[times.length - 1]!)} ms`);
  for (const [kind, list] of [...byKind.entries()].sort()) {
    list.sort((a, b) => a - b);
    console.log(`    ${kind.padEnd(8)} n=${String(list.length).padEnd(4)} p50 ${f(pct(list, 50))}  p95 ${f(pct(list, 95))}  p99 ${f(pct(list, 99))}  max ${f(list[list.length - 1]!)}`);
  }
}

// warm-up (JIT)
for (let i = 0; i < 200; i++) index.search(withFacets(queries[i % queries.length]!.q, i));
run('plain (relevance, no facets)', (q) => ({ query: q, facets: false }));
run('all facets + 5 filters (relevance)', withFacets);
run('all facets, no filter (relevance)', (q) => ({ query: q, facets: true }));
run('plain, sort by title', (q) => ({ query: q, facets: false, sort: 'title' }));
run('plain, sort newest, page 5', (q) => ({ query: q, facets: false, sort: 'newest', page: 5 }));

// browse without query (home page facets)
{
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    index.search({ query: '', facets: true, filters: i % 2 ? { library: [1 + i] } : {} });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(`browse all records + facets       p50 ${pct(times, 50).toFixed(2)} ms  max ${times[times.length - 1]!.toFixed(2)} ms`);
}

// updates
{
  let s = performance.now();
  for (let i = 0; i < 10_000; i++) index.setAvailability(1 + randInt(N), rand() < 0.5 ? [] : [1 + randInt(NUM_LIBRARIES)]);
  console.log(`setAvailability: ${((performance.now() - s) / 10_000 * 1000).toFixed(2)} µs each`);
  s = performance.now();
  for (let i = 0; i < 2_000; i++) index.upsert(makeDoc(1 + randInt(N)));
  console.log(`upsert (replace) : ${((performance.now() - s) / 2_000).toFixed(3)} ms each`);
  s = performance.now();
  index.search({ query: 'histoire', facets: true });
  console.log(`query after 2,000 upserts: ${(performance.now() - s).toFixed(2)} ms`);
  s = performance.now();
  index.optimize();
  console.log(`optimize(): ${((performance.now() - s) / 1000).toFixed(1)} s`);
}

// suggestions
{
  const sug = new Suggester(index);
  let s = performance.now();
  sug.suggest('zzzq');
  const first = performance.now() - s;
  const misspelt = ['histoier', 'photografie', 'chateua', 'revolusion', 'misterables'];
  s = performance.now();
  const out = misspelt.map((m) => `${m}->${sug.suggest(m)}`);
  console.log(`suggest: first call ${first.toFixed(0)} ms (buckets), then ${((performance.now() - s) / misspelt.length).toFixed(1)} ms each: ${out.join(', ')}`);
}
const mem2 = process.memoryUsage();
console.log(`final rss ${mb(mem2.rss)}`);
