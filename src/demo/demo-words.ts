// Word lists for the demo catalogue and the demo readers. Everything is invented except the names of
// real publishers, labels and distributors (with their real ISBN publisher prefixes, group 2 =
// French-speaking), and authors and composers long in the public domain. All strings are typed in
// NFC (precomposed accents, real œ/æ ligatures): the tests check it.

export type Gender = 'm' | 'f';

export interface NounPhrase {
  /** With its article, lower case: "le cœur", "l'île", "les écoles". */
  t: string;
  g: Gender;
  plural: boolean;
}

export interface Adjective {
  m: string;
  f: string;
  mp: string;
  fp: string;
}

export interface FirstName {
  name: string;
  g: Gender;
}

export interface Person {
  surname: string;
  forename: string;
}

// ---------------------------------------------------------------------------------------------
// French grammar helpers for generated titles.

// 'h' counts as mute ("d'Hélène"); 'y' does not ("de Yann").
const VOWEL_START = /^[aeiouhàâäéèêëîïôöùûüœæ]/i;

/** "le jardin" -> "du jardin", "la mer" -> "de la mer", "l'île" -> "de l'île", "les écoles" -> "des écoles". */
export function de(np: string): string {
  if (np.startsWith('le ')) return 'du ' + np.slice(3);
  if (np.startsWith('les ')) return 'des ' + np.slice(4);
  if (np.startsWith('la ') || np.startsWith("l'")) return 'de ' + np;
  return (VOWEL_START.test(np) ? "d'" : 'de ') + np;
}

/** "le jardin" -> "au jardin", "les écoles" -> "aux écoles", "la mer" -> "à la mer". */
export function a(np: string): string {
  if (np.startsWith('le ')) return 'au ' + np.slice(3);
  if (np.startsWith('les ')) return 'aux ' + np.slice(4);
  return 'à ' + np;
}

export function agree(adj: Adjective, np: NounPhrase): string {
  if (np.g === 'm') return np.plural ? adj.mp : adj.m;
  return np.plural ? adj.fp : adj.f;
}

/** Sentence case, the way French catalogues write titles: only the first letter is upper case. */
export function cap(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss', ı: 'i' };

/** Upper-case ASCII letters only: "Lefèvre" -> "LEFEVRE", "Cœuret" -> "COEURET". For call numbers. */
export function asciiUpper(s: string): string {
  return s
    .replace(/[œŒæÆßı]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
}

/** "Jean-Sébastien Dupré" -> "jean-sebastien.dupre" for email addresses. */
export function emailLocal(first: string, last: string): string {
  const part = (s: string) =>
    s
      .replace(/[œŒæÆßı]/g, (c) => LIGATURES[c] ?? c)
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `${part(first)}.${part(last)}`;
}

// ---------------------------------------------------------------------------------------------
// People.

export const FIRST_NAMES: readonly FirstName[] = [
  ...[
    'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Jade', 'Louise', 'Zoé', 'Emma', 'Alice', 'Juliette', 'Clara',
    'Lucie', 'Élise', 'Hélène', 'Gaëlle', 'Anaïs', 'Maëlys', 'Françoise', 'Aurélie', 'Cécile', 'Sophie',
    'Nathalie', 'Isabelle', 'Sylvie', 'Valérie', 'Mathilde', 'Margaux', 'Héloïse', 'Agnès', 'Béatrice',
    'Solène', 'Noémie', 'Océane', 'Lætitia', 'Fatou', 'Aïcha', 'Nadia', 'Yasmina', 'Sofia', 'Leïla', 'Mariam',
    'Ioana', 'Ana', 'Lan', 'Mei', 'Priya', 'Amina', 'Rose', 'Jeanne', 'Marguerite', 'Geneviève', 'Odile',
    'Armelle', 'Maïwenn', 'Nolwenn', 'Bérénice', 'Capucine', 'Ophélie', 'Salomé',
  ].map((name) => ({ name, g: 'f' as const })),
  ...[
    'Hugo', 'Lucas', 'Louis', 'Gabriel', 'Raphaël', 'Arthur', 'Jules', 'Adam', 'Maël', 'Noé', 'Léo', 'Nathan',
    'Théo', 'Tom', 'Paul', 'Étienne', 'Benoît', 'Jérôme', 'Stéphane', 'Sébastien', 'Joël', 'François',
    'Thierry', 'Philippe', 'Olivier', 'Pierre', 'Jean', 'Michel', 'Grégoire', 'Mathéo', 'Yanis', 'Karim',
    'Mehdi', 'Moussa', 'Amadou', 'Samir', 'Youssef', 'Tomasz', 'João', 'Minh', 'Wei', 'Ravi', 'Antoine',
    'Baptiste', 'Clément', 'Damien', 'Emmanuel', 'Frédéric', 'Guillaume', 'Hervé', 'Loïc', 'Mathieu', 'Rémi',
    'Yann', 'Gaël', 'Anatole', 'Félix', 'Basile', 'Aurélien', 'Cyril',
  ].map((name) => ({ name, g: 'm' as const })),
];

export const SURNAMES: readonly string[] = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon',
  'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel',
  'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Garnier',
  'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin',
  'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin', 'Masson', 'Sanchez',
  'Boyer', 'Denis', 'Lemaire', 'Duval', 'Joly', 'Gaillard', 'Brun', 'Roche', 'Renaud', 'Carpentier',
  'Delattre', 'Vandenbroucke', 'Vermeulen', 'Dewailly', 'Lemoine', 'Delacroix', 'Duhamel', 'Vasseur',
  'Lefebvre', 'Caron', 'Lecomte', 'Dufour', 'Hoarau', 'Le Gall', 'Kerjean', 'Le Goff', 'Diallo', 'Traoré',
  'Benali', 'Haddad', 'Nguyen', 'Tran', 'Cohen', 'Da Silva', 'Ferreira', 'Kowalski', 'Nowak', 'Yılmaz',
  'Rossi', 'Schmitt', 'Weber', 'Okafor', 'Mendy', 'Ben Youssef', 'Bouchard', 'Chauvin', 'Bouvier',
  'Marchal', 'Prévost', 'Mallet', 'Besnard', 'Delaunay', 'Aubry', 'Poirier', 'Leclerc', 'Hébert',
  'Charpentier', 'Barbier', 'Rémy', 'Cœuret', 'Lhermitte', 'Péan', 'Labbé', 'Dejardin', 'Desmet',
  'Hennebert', 'Sœurette',
];

/** For people of the 19th and early 20th century (heritage collections). */
export const OLD_FIRST_NAMES: readonly string[] = [
  'Jules', 'Émile', 'Louis', 'Henri', 'Charles', 'Auguste', 'Eugène', 'Victor', 'Joseph', 'Léon', 'Marie', 'Jeanne',
  'Louise', 'Marguerite', 'Eugénie', 'Augustine', 'Céleste', 'Hortense', 'Alphonse', 'Ernest', 'Gustave', 'Achille',
  'Adolphe', 'Clémence', 'Désiré', 'Zélie', 'Honorine', 'Aimé',
];

export const OLD_SURNAMES: readonly string[] = [
  'Dewailly', 'Delattre', 'Vandenbroucke', 'Vermeulen', 'Lemaire', 'Carpentier', 'Duhamel', 'Vasseur', 'Lefebvre',
  'Caron', 'Hennebert', 'Desmet', 'Dejardin', 'Lhermitte', 'Delacroix', 'Prévost', 'Bouchard', 'Leclerc', 'Hébert',
  'Cœuret', 'Labbé', 'Dufour', 'Lecomte', 'Mallet', 'Poirier', 'Aubry', 'Barbier', 'Roussel', 'Delaunay', 'Lambert',
];

/** Authors writing in other languages, by ISO 639-2/B code of their language. */
export const FOREIGN_AUTHORS: Readonly<Record<'eng' | 'spa' | 'ger' | 'ita' | 'jpn', readonly Person[]>> = {
  eng: [
    ['Whitfield', 'Margaret'], ['Harlow', 'James'], ["O'Connell", 'Siobhan'], ['Pemberton', 'Alice'],
    ['Greene', 'Nathaniel'], ['Okoye', 'Chiamaka'], ['Sullivan', 'Grace'], ['Thornton', 'Edward'],
    ['Morgan', 'Elliot'], ['Hayes', 'Rebecca'], ['Fletcher', 'Owen'], ['Campbell', 'Fiona'],
  ].map(([surname, forename]) => ({ surname: surname!, forename: forename! })),
  spa: [
    ['Herrera', 'Lucía'], ['Ortega', 'Mateo'], ['Castillo', 'Valeria'], ['Navarro', 'Julián'],
    ['Vidal', 'Carmen'], ['Romero', 'Andrés'],
  ].map(([surname, forename]) => ({ surname: surname!, forename: forename! })),
  ger: [
    ['Brandt', 'Jonas'], ['Keller', 'Anja'], ['Hoffmann', 'Lukas'], ['Vogel', 'Miriam'],
    ['Schneider', 'Paul'], ['Wagner', 'Ilse'],
  ].map(([surname, forename]) => ({ surname: surname!, forename: forename! })),
  ita: [
    ['Bianchi', 'Giulia'], ['Conti', 'Lorenzo'], ['Ferrari', 'Chiara'], ['Greco', 'Davide'],
  ].map(([surname, forename]) => ({ surname: surname!, forename: forename! })),
  jpn: [
    ['Takahashi', 'Ren'], ['Morimoto', 'Aya'], ['Fujii', 'Kenta'], ['Ishida', 'Yumi'], ['Kobayashi', 'Sora'],
    ['Nakamura', 'Daichi'], ['Saitō', 'Hina'], ['Ōta', 'Kaito'],
  ].map(([surname, forename]) => ({ surname: surname!, forename: forename! })),
};

export const LANGUAGE_NAMES_FR: Readonly<Record<string, string>> = {
  eng: "l'anglais",
  spa: "l'espagnol",
  ger: "l'allemand",
  ita: "l'italien",
  jpn: 'le japonais',
  rus: 'le russe',
};

export const LANGUAGE_COUNTRIES: Readonly<Record<string, readonly string[]>> = {
  eng: ['GB', 'US', 'IE', 'CA'],
  spa: ['ES', 'AR', 'MX'],
  ger: ['DE', 'AT', 'CH'],
  ita: ['IT'],
  jpn: ['JP'],
  rus: ['RU'],
};

// ---------------------------------------------------------------------------------------------
// Title material.

const np = (t: string, g: Gender, plural = false): NounPhrase => ({ t, g, plural });

export const NOUN_PHRASES: readonly NounPhrase[] = [
  np('le cœur', 'm'), np('la mer', 'f'), np('les écoles', 'f', true), np("l'hiver", 'm'), np('la nuit', 'f'),
  np('le silence', 'm'), np('les ombres', 'f', true), np('la maison', 'f'), np('le jardin', 'm'),
  np('les oiseaux', 'm', true), np('la lumière', 'f'), np('le fleuve', 'm'), np('la forêt', 'f'),
  np('les saisons', 'f', true), np('le voyage', 'm'), np('la promesse', 'f'), np('le secret', 'm'),
  np('les lettres', 'f', true), np('la frontière', 'f'), np("l'île", 'f'), np('le phare', 'm'),
  np('la colline', 'f'), np('les enfants', 'm', true), np('la mémoire', 'f'), np('le vent', 'm'),
  np('la neige', 'f'), np("l'été", 'm'), np('les étoiles', 'f', true), np('la rivière', 'f'),
  np('le souvenir', 'm'), np('la traversée', 'f'), np('le rivage', 'm'), np('les cendres', 'f', true),
  np("l'absence", 'f'), np('le retour', 'm'), np('la tempête', 'f'), np('le brouillard', 'm'),
  np('les vagues', 'f', true), np("l'œuvre", 'f'), np('les œillets', 'm', true), np('le chœur', 'm'),
  np('la sœur', 'f'), np('les sœurs', 'f', true), np('le vœu', 'm'), np("l'orage", 'm'), np('la gare', 'f'),
  np('le verger', 'm'), np('les heures', 'f', true), np('la ville', 'f'), np('le pays', 'm'),
  np('la fenêtre', 'f'), np('le royaume', 'm'), np('les marais', 'm', true), np('la lune', 'f'),
  np('le labyrinthe', 'm'), np('les héritiers', 'm', true), np('la veillée', 'f'), np('le grenier', 'm'),
  np('les nuits de Noël', 'f', true), np('la fugue', 'f'), np('le dernier été', 'm'),
];

const adj = (m: string, f: string, mp = m + 's', fp = f + 's'): Adjective => ({ m, f, mp, fp });

export const ADJECTIVES: readonly Adjective[] = [
  adj('blanc', 'blanche'), adj('perdu', 'perdue'), adj('oublié', 'oubliée'), adj('secret', 'secrète'),
  adj('immobile', 'immobile'), adj('lointain', 'lointaine'), adj('fragile', 'fragile'),
  adj('sauvage', 'sauvage'), adj('invisible', 'invisible'), adj('brûlé', 'brûlée'),
  adj('endormi', 'endormie'), adj('profond', 'profonde'), adj('éternel', 'éternelle'), adj('amer', 'amère'),
  adj('silencieux', 'silencieuse', 'silencieux'), adj('infini', 'infinie'), adj('rouge', 'rouge'),
  adj('bleu', 'bleue'), adj('noir', 'noire'), adj('doré', 'dorée'), adj('étranger', 'étrangère'),
  adj('obscur', 'obscure'), adj('retrouvé', 'retrouvée'), adj('interdit', 'interdite'), adj('vivant', 'vivante'),
];

export const TITLE_PLACES: readonly string[] = [
  'Lisbonne', 'Trieste', 'Saint-Malo', 'Marseille', 'Alger', 'Naples', 'Dakar', 'Montréal', 'Brest', 'Lyon',
  'Tanger', 'Venise', 'Istanbul', 'Kyoto', 'Berlin', 'Séville', 'Belle-Île', 'Bruges', 'Oran', 'Hanoï',
  'Bamako', 'Ostende', 'Valparaíso', 'Édimbourg', 'Québec', 'Cracovie', 'Beyrouth', 'Arras', 'Val-de-Lys',
];

/** Invented places of the demo network's territory. */
export const LOCAL_PLACES: readonly string[] = [
  'Val-de-Lys', 'Saint-Aubin-sur-Lys', 'Neuvelle-sur-Lys', 'Haverquin', 'Sainte-Colombe-en-Flandre',
  'Les Tilleuls',
];

export const TIME_PHRASES: readonly string[] = [
  'Un hiver', 'Un été', 'Un automne', 'Un printemps', 'Un Noël', 'Une nuit', 'Une saison', 'Un dimanche',
  'Trois jours', 'Une semaine',
];

export const WHEN_CLAUSES: readonly string[] = [
  'Quand la mer se retire', 'Avant que la neige tombe', 'Tant que brillent les étoiles',
  'Ceux qui restent', 'Ce que le vent emporte', 'Là où naissent les orages', 'Nous étions des enfants',
  'Il pleuvait sur les écoles', 'Personne ne dort à Val-de-Lys', "Les jours d'après",
];

export const NOVEL_SUBTITLES: readonly string[] = ['roman', 'roman', 'roman', 'récit', 'nouvelles', 'roman noir'];

export const ENGLISH_TITLE_ADJ = ['Silent', 'Hidden', 'Last', 'Winter', 'Burning', 'Distant', 'Broken', 'Golden', 'Quiet', 'Paper'];
export const ENGLISH_TITLE_NOUN = ['Harbour', 'Garden', 'House', 'River', 'Season', 'Promise', 'Letters', 'Orchard', 'Lighthouse', 'Shore', 'Daughters', 'Island'];
export const SPANISH_TITLES_F = ['casa', 'sombra', 'memoria', 'noche', 'ciudad', 'frontera'];
export const SPANISH_ADJ_F = ['perdida', 'silenciosa', 'última', 'oscura', 'lejana'];
export const SPANISH_TITLES_M = ['jardín', 'verano', 'silencio', 'viaje', 'invierno'];
export const SPANISH_ADJ_M = ['perdido', 'silencioso', 'último', 'oscuro', 'lejano'];
export const GERMAN_TITLES: readonly string[] = [
  'Die Stille', 'Das Haus am See', 'Der letzte Sommer', 'Die Brücke', 'Das Versprechen', 'Der lange Winter',
  'Die Tochter des Fischers', 'Nachtzug nach Lissabon', 'Unter Wölfen', 'Die Gärten von Trient',
];

/** Classic works (public domain authors): French originals and translations into French. */
export interface Classic {
  title: string;
  surname: string;
  forename: string;
  /** Original language when the French text is a translation. */
  from?: 'eng' | 'spa' | 'ger' | 'rus' | 'ita';
  year: number;
  genre?: string;
}

export const CLASSICS: readonly Classic[] = [
  { title: 'Les misérables', surname: 'Hugo', forename: 'Victor', year: 1862 },
  { title: 'Notre-Dame de Paris', surname: 'Hugo', forename: 'Victor', year: 1831 },
  { title: 'Les contemplations', surname: 'Hugo', forename: 'Victor', year: 1856, genre: 'Poésie' },
  { title: 'Germinal', surname: 'Zola', forename: 'Émile', year: 1885 },
  { title: "L'assommoir", surname: 'Zola', forename: 'Émile', year: 1877 },
  { title: 'Au bonheur des dames', surname: 'Zola', forename: 'Émile', year: 1883 },
  { title: 'Madame Bovary', surname: 'Flaubert', forename: 'Gustave', year: 1857 },
  { title: "L'éducation sentimentale", surname: 'Flaubert', forename: 'Gustave', year: 1869 },
  { title: 'Le père Goriot', surname: 'Balzac', forename: 'Honoré de', year: 1835 },
  { title: 'Eugénie Grandet', surname: 'Balzac', forename: 'Honoré de', year: 1834 },
  { title: 'Bel-Ami', surname: 'Maupassant', forename: 'Guy de', year: 1885 },
  { title: 'Une vie', surname: 'Maupassant', forename: 'Guy de', year: 1883 },
  { title: 'La mare au diable', surname: 'Sand', forename: 'George', year: 1846 },
  { title: 'Les trois mousquetaires', surname: 'Dumas', forename: 'Alexandre', year: 1844 },
  { title: 'Le comte de Monte-Cristo', surname: 'Dumas', forename: 'Alexandre', year: 1844 },
  { title: 'Vingt mille lieues sous les mers', surname: 'Verne', forename: 'Jules', year: 1870 },
  { title: 'Le tour du monde en quatre-vingts jours', surname: 'Verne', forename: 'Jules', year: 1872 },
  { title: 'Le rouge et le noir', surname: 'Stendhal', forename: '', year: 1830 },
  { title: 'Les fleurs du mal', surname: 'Baudelaire', forename: 'Charles', year: 1857, genre: 'Poésie' },
  { title: 'Lettres de mon moulin', surname: 'Daudet', forename: 'Alphonse', year: 1869, genre: 'Contes' },
  { title: 'Le grand Meaulnes', surname: 'Alain-Fournier', forename: '', year: 1913 },
  { title: 'Sans famille', surname: 'Malot', forename: 'Hector', year: 1878 },
  { title: 'Du côté de chez Swann', surname: 'Proust', forename: 'Marcel', year: 1913 },
  { title: 'Orgueil et préjugés', surname: 'Austen', forename: 'Jane', from: 'eng', year: 1813 },
  { title: 'Les hauts de Hurlevent', surname: 'Brontë', forename: 'Emily', from: 'eng', year: 1847 },
  { title: 'Don Quichotte', surname: 'Cervantes Saavedra', forename: 'Miguel de', from: 'spa', year: 1605 },
  { title: 'Guerre et paix', surname: 'Tolstoï', forename: 'Léon', from: 'rus', year: 1869 },
  { title: 'Crime et châtiment', surname: 'Dostoïevski', forename: 'Fedor Mikhaïlovitch', from: 'rus', year: 1866 },
  { title: 'La métamorphose', surname: 'Kafka', forename: 'Franz', from: 'ger', year: 1915, genre: 'Nouvelles' },
  { title: 'Le Horla', surname: 'Maupassant', forename: 'Guy de', year: 1887, genre: 'Nouvelles' },
  { title: 'Les souffrances du jeune Werther', surname: 'Goethe', forename: 'Johann Wolfgang von', from: 'ger', year: 1774 },
];

/** Classics read in the original language (the network keeps a small foreign-language shelf). */
export const ORIGINAL_CLASSICS: readonly (Classic & { lang: 'eng' | 'spa' | 'ger' })[] = [
  { title: 'Pride and prejudice', surname: 'Austen', forename: 'Jane', lang: 'eng', year: 1813 },
  { title: 'Great expectations', surname: 'Dickens', forename: 'Charles', lang: 'eng', year: 1861 },
  { title: 'Jane Eyre', surname: 'Brontë', forename: 'Charlotte', lang: 'eng', year: 1847 },
  { title: 'Don Quijote de la Mancha', surname: 'Cervantes Saavedra', forename: 'Miguel de', lang: 'spa', year: 1605 },
  { title: 'Die Verwandlung', surname: 'Kafka', forename: 'Franz', lang: 'ger', year: 1915 },
  { title: 'Die Leiden des jungen Werthers', surname: 'Goethe', forename: 'Johann Wolfgang von', lang: 'ger', year: 1774 },
];

// ---------------------------------------------------------------------------------------------
// Fiction genres and non-fiction topics (subject headings in the style of Rameau).

export interface FictionGenre {
  form: string; // 608 $a
  callPrefix: string; // "R", "RP", "SF"
  weight: number;
  location: string;
}

export const FICTION_GENRES: readonly FictionGenre[] = [
  { form: 'Romans', callPrefix: 'R', weight: 55, location: 'Romans adultes' },
  { form: 'Romans policiers', callPrefix: 'RP', weight: 20, location: 'Romans policiers' },
  { form: 'Science-fiction', callPrefix: 'SF', weight: 8, location: 'Romans adultes' },
  { form: 'Romans historiques', callPrefix: 'R', weight: 9, location: 'Romans adultes' },
  { form: 'Livres en gros caractères', callPrefix: 'RGC', weight: 8, location: 'Gros caractères' },
];

/** Themes for fiction: 606 $a with the Rameau form subdivision. */
export const FICTION_THEMES: readonly string[] = [
  'Familles', 'Deuil', 'Amitié', 'Exil', 'Mémoire collective', 'Relations mère-fille', 'Secrets de famille',
  'Vieillesse', 'Amour', 'Enquêtes policières', 'Guerre mondiale (1914-1918)', 'Vie rurale', 'Adolescence',
];

export interface Topic {
  np: string;
  subject: { a: string; x?: string; y?: string; z?: string };
  dewey: string;
}

export const TOPICS: readonly Topic[] = [
  { np: 'la Révolution française', subject: { a: 'Histoire', y: 'France', z: '1789-1799 (Révolution)' }, dewey: '944.04' },
  { np: 'la France au XIXe siècle', subject: { a: 'Histoire', y: 'France', z: '19e siècle' }, dewey: '944.06' },
  { np: 'la Seconde Guerre mondiale', subject: { a: 'Guerre mondiale (1939-1945)', y: 'France' }, dewey: '940.53' },
  { np: 'la Grande Guerre', subject: { a: 'Guerre mondiale (1914-1918)', x: 'Histoire' }, dewey: '940.3' },
  { np: 'la cuisine végétarienne', subject: { a: 'Cuisine végétarienne' }, dewey: '641.563' },
  { np: 'la cuisine du Nord', subject: { a: 'Cuisine', y: 'Nord (France)' }, dewey: '641.594' },
  { np: 'la pâtisserie', subject: { a: 'Pâtisserie' }, dewey: '641.86' },
  { np: 'le jazz', subject: { a: 'Jazz', x: 'Histoire et critique' }, dewey: '781.65' },
  { np: 'la photographie numérique', subject: { a: 'Photographie', x: 'Techniques numériques' }, dewey: '771' },
  { np: "l'astronomie", subject: { a: 'Astronomie' }, dewey: '520' },
  { np: 'le climat', subject: { a: 'Climat', x: 'Changements' }, dewey: '551.6' },
  { np: 'les oiseaux des jardins', subject: { a: 'Oiseaux', y: 'France' }, dewey: '598' },
  { np: 'le jardinage écologique', subject: { a: 'Jardinage biologique' }, dewey: '635.048' },
  { np: 'la philosophie antique', subject: { a: 'Philosophie ancienne' }, dewey: '180' },
  { np: 'le cerveau', subject: { a: 'Cerveau', x: 'Physiologie' }, dewey: '612.82' },
  { np: "l'éducation des enfants", subject: { a: 'Éducation des enfants' }, dewey: '649.1' },
  { np: 'la méditation', subject: { a: 'Méditation' }, dewey: '158.12' },
  { np: "l'impressionnisme", subject: { a: 'Impressionnisme (art)', y: 'France' }, dewey: '759.054' },
  { np: "l'architecture romane", subject: { a: 'Architecture romane', y: 'France' }, dewey: '723.4' },
  { np: 'la randonnée en montagne', subject: { a: 'Randonnée pédestre', y: 'Alpes (France)' }, dewey: '796.51' },
  { np: 'le football', subject: { a: 'Football', x: 'Histoire' }, dewey: '796.334' },
  { np: "l'économie mondiale", subject: { a: 'Économie mondiale', z: '21e siècle' }, dewey: '330.9' },
  { np: 'le droit du travail', subject: { a: 'Droit du travail', y: 'France' }, dewey: '344.01' },
  { np: 'la langue anglaise', subject: { a: 'Anglais (langue)', x: 'Manuels pour francophones' }, dewey: '428' },
  { np: 'la généalogie', subject: { a: 'Généalogie', x: "Manuels d'amateurs" }, dewey: '929.1' },
  { np: 'le bricolage', subject: { a: 'Bricolage' }, dewey: '643.7' },
  { np: 'la couture', subject: { a: 'Couture' }, dewey: '646.2' },
  { np: 'la mythologie grecque', subject: { a: 'Mythologie grecque' }, dewey: '292' },
  { np: 'les abeilles', subject: { a: 'Abeilles', x: 'Mœurs et comportement' }, dewey: '595.79' },
  { np: "l'intelligence artificielle", subject: { a: 'Intelligence artificielle' }, dewey: '006.3' },
  { np: 'la programmation en Python', subject: { a: 'Python (langage de programmation)' }, dewey: '005.133' },
  { np: 'le Japon', subject: { a: 'Japon', x: 'Guides touristiques et de visite' }, dewey: '915.2' },
  { np: "l'Italie du Sud", subject: { a: 'Italie (sud)', x: 'Guides touristiques et de visite' }, dewey: '914.57' },
  { np: 'les écoles de la Troisième République', subject: { a: 'Écoles', y: 'France', z: '1870-1940' }, dewey: '370.944' },
  { np: 'les fêtes de Noël', subject: { a: 'Noël', y: 'France', x: 'Mœurs et coutumes' }, dewey: '394.266' },
  { np: 'le vin', subject: { a: 'Vin', y: 'France' }, dewey: '641.22' },
  { np: 'le féminisme', subject: { a: 'Féminisme', y: 'France', z: '20e siècle' }, dewey: '305.42' },
  { np: 'la vallée de la Lys', subject: { a: 'Histoire', y: 'Lys, Vallée de la (France et Belgique)' }, dewey: '944.28' },
  { np: 'la musique baroque', subject: { a: 'Musique', z: '1600-1750' }, dewey: '780.903' },
  { np: 'les chats', subject: { a: 'Chats', x: 'Mœurs et comportement' }, dewey: '636.8' },
  { np: 'le cinéma français', subject: { a: 'Cinéma', y: 'France', x: 'Histoire' }, dewey: '791.43' },
  { np: 'les œuvres de Victor Hugo', subject: { a: 'Hugo, Victor (1802-1885)', x: 'Critique et interprétation' }, dewey: '848' },
];

export const NONFICTION_PREFIXES: readonly ((topic: string) => string)[] = [
  (t) => cap(t),
  (t) => 'Histoire ' + de(t),
  (t) => 'Petite histoire ' + de(t),
  (t) => 'Comprendre ' + t,
  (t) => 'Initiation ' + a(t),
  (t) => 'Tout savoir sur ' + t,
  (t) => 'Le guide ' + de(t),
  (t) => 'Le grand livre ' + de(t),
  (t) => 'Découvrir ' + t,
  (t) => 'Les secrets ' + de(t),
];

export const NONFICTION_SUBTITLES: readonly string[] = [
  'guide pratique', 'une histoire illustrée', 'des origines à nos jours', '100 questions-réponses',
  'le guide complet', 'enquête', 'idées reçues', "mode d'emploi", 'pour les débutants', 'atlas',
];

export const REFERENCE_WORKS: readonly { title: string; dewey: string; subject: string }[] = [
  { title: 'Dictionnaire de la langue française', dewey: '443', subject: 'Français (langue)' },
  { title: 'Encyclopédie des arts et des techniques', dewey: '030', subject: 'Encyclopédies et dictionnaires' },
  { title: 'Atlas du monde contemporain', dewey: '912', subject: 'Géographie humaine' },
  { title: 'Dictionnaire des noms de famille du Nord', dewey: '929.4', subject: 'Noms de personnes' },
  { title: 'Code civil', dewey: '346.44', subject: 'Droit civil' },
];

// ---------------------------------------------------------------------------------------------
// Publishers. `isbn` is the ISBN prefix after 978: registration group and publisher ("2-07"; a bare
// publisher code means group 2, French-speaking).

export interface Publisher {
  name: string;
  place: string;
  country: string;
  isbn: string | null;
  series?: readonly string[];
}

const pub = (name: string, place: string, isbn: string | null, series?: readonly string[], country = 'FR'): Publisher => ({
  name, place, country, isbn: isbn === null || isbn.includes('-') ? isbn : '2-' + isbn, ...(series ? { series } : {}),
});

export const FICTION_PUBLISHERS: readonly Publisher[] = [
  pub('Gallimard', 'Paris', '07', ['Folio', 'Collection Blanche', 'Folio policier', 'Série noire', 'Du monde entier']),
  pub('Flammarion', 'Paris', '08', ['GF', 'Littérature française']),
  pub('Éditions du Seuil', 'Paris', '02', ['Cadre rouge', 'Fiction & Cie']),
  pub('Actes Sud', 'Arles', '330', ['Babel', 'Babel noir', 'Domaine français']),
  pub('Albin Michel', 'Paris', '226', ['Les grandes traductions', 'Spécial suspense']),
  pub('Grasset', 'Paris', '246', ['Les cahiers rouges']),
  pub('Stock', 'Paris', '234', ['La cosmopolite']),
  pub('Robert Laffont', 'Paris', '221', ['Bouquins', 'Pavillons']),
  pub('Fayard', 'Paris', '213'),
  pub('Les Éditions de Minuit', 'Paris', '7073'),
  pub('Le Livre de poche', 'Paris', '253', ['Le Livre de poche', 'Les classiques de poche']),
  pub('Pocket', 'Paris', '266', ['Pocket', 'Pocket thriller']),
  pub("J'ai lu", 'Paris', '290', ["J'ai lu"]),
  pub('Points', 'Paris', '7578', ['Points', 'Points policier']),
  pub('10/18', 'Paris', '264', ['10/18', 'Grands détectives']),
];

export const CLASSIC_PUBLISHERS: readonly Publisher[] = [
  pub('Gallimard', 'Paris', '07', ['Folio classique']),
  pub('Le Livre de poche', 'Paris', '253', ['Les classiques de poche']),
  pub('Flammarion', 'Paris', '08', ['GF']),
  pub('Pocket', 'Paris', '266', ['Pocket classiques']),
];

export const FOREIGN_PUBLISHERS: Readonly<Record<'eng' | 'spa' | 'ger', readonly Publisher[]>> = {
  eng: [pub('Penguin Books', 'London', '0-14', ['Penguin classics'], 'GB'), pub('Vintage', 'New York', '0-679', undefined, 'US')],
  spa: [pub('Alfaguara', 'Madrid', '84-204', undefined, 'ES'), pub('Anagrama', 'Barcelona', '84-339', undefined, 'ES')],
  ger: [pub('Suhrkamp', 'Berlin', '3-518', undefined, 'DE'), pub('Reclam', 'Ditzingen', '3-15', ['Reclams Universal-Bibliothek'], 'DE')],
};

export const NONFICTION_PUBLISHERS: readonly Publisher[] = [
  pub('La Découverte', 'Paris', '7071', ['Repères']),
  pub('Presses universitaires de France', 'Paris', '13', ['Que sais-je ?']),
  pub('Larousse', 'Paris', '03'),
  pub('Hachette pratique', 'Vanves', '01'),
  pub('Marabout', 'Vanves', '501'),
  pub('Eyrolles', 'Paris', '212'),
  pub('Dunod', 'Malakoff', '10'),
  pub('Belin', 'Paris', '7011'),
  pub('Odile Jacob', 'Paris', '7381'),
  pub('Gallimard', 'Paris', '07', ['Découvertes Gallimard']),
  pub('Perrin', 'Paris', '262', ['Tempus']),
  pub('Éditions Ouest-France', 'Rennes', '7373'),
  pub('Payot', 'Paris', '228', ['Petite bibliothèque Payot']),
  pub('Michelin', 'Boulogne-Billancourt', '06', ['Le guide vert']),
  pub('Flammarion', 'Paris', '08', ['Champs']),
];

export const BD_PUBLISHERS: readonly Publisher[] = [
  pub('Dargaud', 'Paris', '205'),
  pub('Casterman', 'Bruxelles', '203', undefined, 'BE'),
  pub('Dupuis', 'Marcinelle', '8001', undefined, 'BE'),
  pub('Delcourt', 'Paris', '413'),
  pub('Glénat', 'Grenoble', '344'),
  pub('Le Lombard', 'Bruxelles', '8036', undefined, 'BE'),
  pub('Futuropolis', 'Paris', '7548'),
  pub('Soleil', 'Toulon', '302'),
];

export const MANGA_PUBLISHERS: readonly Publisher[] = [
  pub('Kana', 'Bruxelles', '505', undefined, 'BE'),
  pub('Pika', 'Vanves', '8116'),
  pub('Glénat', 'Grenoble', '344', ['Glénat manga']),
  pub('Delcourt-Tonkam', 'Paris', '413'),
];

export const YOUTH_PUBLISHERS: readonly Publisher[] = [
  pub("L'École des loisirs", 'Paris', '211', ['Lutin poche', 'Mouche', 'Neuf']),
  pub('Gallimard Jeunesse', 'Paris', '07', ['Folio cadet', "L'heure des histoires"]),
  pub('Nathan', 'Paris', '09', ['Premières lectures']),
  pub('Milan', 'Toulouse', '408', ['Milan poche cadet']),
  pub('Bayard Jeunesse', 'Montrouge', '227', ["J'aime lire"]),
  pub('Casterman', 'Bruxelles', '203', ['Les albums Casterman'], 'BE'),
  pub('Père Castor-Flammarion', 'Paris', '08', ['Les classiques du Père Castor']),
  pub('Didier Jeunesse', 'Paris', '278'),
  pub('Hachette Jeunesse', 'Vanves', '01', ['Bibliothèque rose']),
  pub('Actes Sud Junior', 'Arles', '330'),
  pub('Auzou', 'Paris', '7338'),
];

export const TEEN_PUBLISHERS: readonly Publisher[] = [
  pub('Gallimard Jeunesse', 'Paris', '07', ['Pôle fiction', 'Scripto']),
  pub('Rageot', 'Paris', '7002'),
  pub('Syros', 'Paris', '7485', ['Tempo']),
  pub('Nathan', 'Paris', '09'),
  pub('Hachette Romans', 'Vanves', '01'),
  pub('Pocket Jeunesse', 'Paris', '266'),
  pub("L'École des loisirs", 'Paris', '211', ['Médium']),
  pub('Milan', 'Toulouse', '408', ['Macadam']),
];

export const MUSIC_LABELS: readonly Publisher[] = [
  pub('Naïve', 'Paris', null), pub('Harmonia Mundi', 'Arles', null), pub('Deutsche Grammophon', 'Hamburg', null, undefined, 'DE'),
  pub('Universal Music France', 'Paris', null), pub('Warner Music France', 'Paris', null), pub('Because Music', 'Paris', null),
  pub('Tôt ou tard', 'Paris', null), pub('Label Bleu', 'Amiens', null), pub('Buda Musique', 'Paris', null),
  pub('Alpha Classics', 'Bruxelles', null, undefined, 'BE'), pub('Erato', 'Paris', null), pub('Wagram Music', 'Paris', null),
  pub('Ninja Tune', 'London', null, undefined, 'GB'), pub('Blue Note', 'New York', null, undefined, 'US'),
];

export const FILM_DISTRIBUTORS: readonly Publisher[] = [
  pub('Gaumont', 'Neuilly-sur-Seine', null), pub('Pathé', 'Paris', null), pub('Arte éditions', 'Issy-les-Moulineaux', null),
  pub('MK2', 'Paris', null), pub('Wild Side Video', 'Paris', null), pub('Carlotta Films', 'Paris', null),
  pub('Diaphana', 'Paris', null), pub('TF1 Studio', 'Boulogne-Billancourt', null), pub('Les Films du Losange', 'Paris', null),
  pub('Blaq Out', 'Paris', null), pub('Potemkine', 'Paris', null), pub('Studiocanal', 'Issy-les-Moulineaux', null),
];

export const SCORE_PUBLISHERS: readonly Publisher[] = [
  pub('Durand', 'Paris', null), pub('Henry Lemoine', 'Paris', null), pub('Éditions Billaudot', 'Paris', null),
  pub('Alphonse Leduc', 'Paris', null), pub('Bärenreiter', 'Kassel', null, undefined, 'DE'),
];

export const GAME_PUBLISHERS: readonly Publisher[] = [
  pub('Asmodee', 'Guyancourt', null), pub('Iello', 'Heillecourt', null), pub('Gigamic', 'Wimille', null),
  pub('Haba', 'Bad Rodach', null, undefined, 'DE'), pub('Djeco', 'Paris', null), pub('Blue Orange', 'Pont-à-Mousson', null),
  pub('Repos Production', 'Bruxelles', null, undefined, 'BE'),
];

export const PERIODICAL_PUBLISHERS: readonly Publisher[] = [
  pub('Bayard Presse', 'Montrouge', null), pub('Milan Presse', 'Toulouse', null), pub('Prisma Media', 'Gennevilliers', null),
  pub('Éditions Play Bac', 'Paris', null), pub('Association Val-de-Lys Patrimoine', 'Val-de-Lys', null),
  pub('Société des amis de la Lys', 'Saint-Aubin-sur-Lys', null), pub('Mondadori France', 'Montrouge', null),
];

export const OLD_PUBLISHERS: readonly Publisher[] = [
  pub('J. Hetzel', 'Paris', null), pub('L. Hachette', 'Paris', null), pub('Garnier frères', 'Paris', null),
  pub('Calmann Lévy', 'Paris', null), pub('G. Charpentier', 'Paris', null), pub('A. Mame et fils', 'Tours', null),
  pub('Impr. L. Danel', 'Lille', null), pub('Firmin-Didot', 'Paris', null), pub('Ch. Delagrave', 'Paris', null),
  pub('Impr. Desbarbieux', 'Val-de-Lys', null),
];

// ---------------------------------------------------------------------------------------------
// Comics, youth, teens.

export const BD_SERIES: readonly string[] = [
  'Armorix le Gaulois', 'Capitaine Ardoise', 'Les enquêtes de Mlle Brume', 'Brume et ferraille',
  'Le chant des marais', 'Les sœurs Lumière', 'Nomades', 'Le dernier phare', 'Zinc et Zébulon',
  'Les gardiens de la Lys', 'Olympe & Cie', 'Ligne 13', 'Les éclaireurs', 'Cité Vapeur', 'Cœur de pirate',
  'La brigade des chats', 'Jardins secrets', 'Noël chez les Trolls',
];

export const MANGA_SERIES: readonly string[] = [
  'Hoshi no kage', 'Kaze to tsubasa', 'Tokyo lantern', 'Blade of Sakura', 'Neko café', 'Ryū no michi',
  'Academy zero', 'Yume no hashi', 'Shinobi express', 'Kōen no himitsu',
];

export const ANIMALS: readonly (NounPhrase & { bare: string })[] = [
  { t: 'le petit ours', bare: 'petit ours', g: 'm', plural: false },
  { t: 'la petite poule', bare: 'petite poule', g: 'f', plural: false },
  { t: 'le loup', bare: 'loup', g: 'm', plural: false },
  { t: 'la souris', bare: 'souris', g: 'f', plural: false },
  { t: 'le lapin', bare: 'lapin', g: 'm', plural: false },
  { t: 'la girafe', bare: 'girafe', g: 'f', plural: false },
  { t: 'le crocodile', bare: 'crocodile', g: 'm', plural: false },
  { t: 'la baleine', bare: 'baleine', g: 'f', plural: false },
  { t: 'le hérisson', bare: 'hérisson', g: 'm', plural: false },
  { t: 'la chouette', bare: 'chouette', g: 'f', plural: false },
  { t: 'le renard', bare: 'renard', g: 'm', plural: false },
  { t: 'la tortue', bare: 'tortue', g: 'f', plural: false },
  { t: "l'éléphant", bare: 'éléphant', g: 'm', plural: false },
  { t: 'le chat', bare: 'chat', g: 'm', plural: false },
  { t: 'la grenouille', bare: 'grenouille', g: 'f', plural: false },
  { t: 'le dragon', bare: 'dragon', g: 'm', plural: false },
  { t: 'la sorcière', bare: 'sorcière', g: 'f', plural: false },
  { t: 'le pirate', bare: 'pirate', g: 'm', plural: false },
];

export const ANIMAL_WISHES: readonly string[] = [
  'qui voulait voir la mer', 'qui ne voulait pas dormir', 'qui avait peur du noir', 'qui cherchait un ami',
  'qui aimait trop les bonbons', 'qui comptait les étoiles', "qui voulait aller à l'école",
  'qui attendait Noël', 'qui avait perdu son doudou', 'qui voulait devenir grand',
];

export const CHILD_THEMES: readonly string[] = [
  "à l'école", 'et les couleurs', 'fête Noël', 'à la plage', 'chez le docteur', 'et le nouveau bébé',
  'au musée', 'et la tempête', 'fait du vélo', 'à la ferme',
];

export const YOUTH_NOVEL_PATTERNS: readonly ((n: NounPhrase, name: string) => string)[] = [
  (n) => 'Le mystère ' + de(n.t),
  (n, name) => `${name} et ${n.t}`,
  (n) => "L'énigme " + de(n.t),
  (_n, name) => 'Les vacances ' + de(name),
  (n) => 'Panique ' + a(n.t) + ' !',
  (n, name) => `${name} mène l'enquête`,
];

export const TEEN_PATTERNS: readonly ((n: NounPhrase, adjective: Adjective, name: string) => string)[] = [
  (n) => 'Les héritiers ' + de(n.t),
  (n) => 'Après ' + n.t,
  (_n, adjective) => 'Nos cœurs ' + adjective.mp,
  (_n, _a, name) => `${name} contre le reste du monde`,
  (n) => 'Ce que cache ' + n.t,
  () => 'Ex æquo',
  () => 'Dix-sept ans et des poussières',
  (n, adjective) => cap(n.t) + ' ' + agree(adjective, n),
];

export const TEEN_SERIES: readonly string[] = [
  'Les chroniques de Haverquin', 'La guilde des ombres', 'Les naufragés du temps', 'Station Lumière',
];

export const GAME_NAMES_A: readonly string[] = ['Renards', 'Pirates', 'Dragons', 'Lutins', 'Fantômes', 'Castors', 'Robots', 'Sorcières'];
export const GAME_NAMES_B: readonly string[] = ['Poules', 'Trésors', 'Potions', 'Châteaux', 'Étoiles', 'Marmottes', 'Cœurs', 'Fusées'];

// ---------------------------------------------------------------------------------------------
// Music and films.

export const BANDS: readonly string[] = [
  'Les Frères Lambert', 'Orchestre de la Lys', 'Marelle', 'Les Cœurs sauvages', 'Zoé Marchal Quartet',
  'Duo Fontaine', 'Kora Soleil', 'Brass Band du Nord', "Les Voix de l'aube", 'Quatuor Ardoise',
  'Ensemble Sœurs de lait', 'The Harbour Lights', 'Los Caminos', 'Echo Valley',
];

export interface MusicGenre {
  subject: string;
  pcdm: string; // PCDM4 class used by French discothèques
  lang: string;
  audience: 'adult' | 'youth' | 'general';
  weight: number;
}

export const MUSIC_GENRES: readonly MusicGenre[] = [
  { subject: 'Chanson française', pcdm: '8', lang: 'fre', audience: 'general', weight: 20 },
  { subject: 'Jazz', pcdm: '1.3', lang: 'zxx', audience: 'adult', weight: 12 },
  { subject: 'Blues', pcdm: '1.1', lang: 'eng', audience: 'adult', weight: 4 },
  { subject: 'Rap (musique)', pcdm: '1.8', lang: 'fre', audience: 'adult', weight: 8 },
  { subject: 'Rock', pcdm: '2.1', lang: 'eng', audience: 'adult', weight: 14 },
  { subject: 'Musique électronique', pcdm: '4', lang: 'zxx', audience: 'adult', weight: 6 },
  { subject: 'Musique de film', pcdm: '5', lang: 'zxx', audience: 'general', weight: 5 },
  { subject: 'Chansons enfantines', pcdm: '7', lang: 'fre', audience: 'youth', weight: 8 },
  { subject: 'Musique traditionnelle', pcdm: '9', lang: 'spa', audience: 'general', weight: 8 },
];

export const CLASSICAL_WORKS: readonly { surname: string; forename: string; works: readonly string[] }[] = [
  { surname: 'Bach', forename: 'Johann Sebastian', works: ['Suites pour violoncelle', 'Le clavier bien tempéré', 'Variations Goldberg', 'Cantates'] },
  { surname: 'Mozart', forename: 'Wolfgang Amadeus', works: ['Requiem', 'Concertos pour piano', 'Sonates pour piano', 'La flûte enchantée'] },
  { surname: 'Beethoven', forename: 'Ludwig van', works: ['Symphonies nos 5 & 7', 'Sonates pour piano', 'Quatuors à cordes'] },
  { surname: 'Debussy', forename: 'Claude', works: ['Préludes', 'La mer', 'Suite bergamasque', 'Mélodies'] },
  { surname: 'Ravel', forename: 'Maurice', works: ['Boléro', "Ma mère l'Oye", 'Concerto en sol'] },
  { surname: 'Fauré', forename: 'Gabriel', works: ['Requiem', 'Nocturnes', 'Mélodies'] },
  { surname: 'Satie', forename: 'Erik', works: ['Gymnopédies', 'Gnossiennes'] },
  { surname: 'Chopin', forename: 'Frédéric', works: ['Nocturnes', 'Préludes', 'Ballades'] },
  { surname: 'Vivaldi', forename: 'Antonio', works: ['Les quatre saisons', 'Gloria'] },
  { surname: 'Boulanger', forename: 'Lili', works: ['Psaumes', 'Mélodies'] },
  { surname: 'Chaminade', forename: 'Cécile', works: ['Pièces pour piano', 'Concertino pour flûte'] },
  { surname: 'Schumann', forename: 'Clara', works: ['Trio avec piano', 'Romances'] },
];

export const INSTRUMENTS: readonly string[] = ['piano', 'violon', 'violoncelle', 'flûte', 'guitare', 'clarinette', 'harpe', 'chant'];

export const SCORE_TITLES: readonly string[] = [
  'Méthode de {i} pour débutants', 'Pièces faciles pour {i}', 'Études progressives pour {i}',
  'Mon premier cahier de {i}', 'Airs de Noël pour {i}', 'Standards de jazz pour {i}',
];

export const FILM_GENRES: readonly { form: string; call: string; weight: number }[] = [
  { form: 'Films de fiction', call: 'F', weight: 60 },
  { form: 'Films documentaires', call: 'D', weight: 15 },
  { form: "Films d'animation", call: 'A', weight: 15 },
  { form: 'Séries télévisées', call: 'S', weight: 10 },
];

// ---------------------------------------------------------------------------------------------
// Summaries (330) and notes (300).

export const SUMMARY_OPENINGS: readonly string[] = [
  'À la mort de sa mère,', 'Un matin de novembre,', "Après vingt ans d'absence,", 'Au lendemain de Noël,',
  'Le jour de ses quarante ans,', "Alors que l'hiver s'installe,", "À l'été 1943,", 'Au retour des vacances,',
];

export const SUMMARY_MOVES: readonly string[] = ['revient à', "s'installe à", 'part pour', 'retourne à', 'débarque à'];

export const SUMMARY_EVENTS: Readonly<Record<Gender, readonly string[]>> = {
  f: [
    "Elle y découvre un secret de famille longtemps enfoui.", "Elle y retrouve une amie d'enfance perdue de vue.",
    'Elle doit y affronter les fantômes de son passé.', "Elle s'y lie d'amitié avec un vieil homme solitaire.",
    'Une série de lettres anonymes vient bouleverser sa vie.',
  ],
  m: [
    'Il y découvre un secret de famille longtemps enfoui.', "Il y retrouve un ami d'enfance perdu de vue.",
    'Il doit y affronter les fantômes de son passé.', "Il s'y lie d'amitié avec une vieille dame solitaire.",
    'Une série de lettres anonymes vient bouleverser sa vie.',
  ],
};

export const SUMMARY_THEMES: readonly string[] = [
  'Un roman lumineux sur la transmission et le pardon.', 'Une enquête haletante au cœur de la ville.',
  "Un récit sensible sur l'exil et la mémoire.", "Une histoire d'amitié bouleversante.",
  'Une fresque familiale sur trois générations.', 'Un huis clos tendu, servi par une écriture précise.',
  'Une comédie douce-amère sur les liens qui nous unissent.',
];

/** {t}: the topic; {de t}, {à t}: with the preposition contracted ("du jazz", "à l'astronomie"). */
export const NONFICTION_SUMMARIES: readonly string[] = [
  'Cet ouvrage propose une introduction claire et illustrée {à t}.',
  "Un panorama complet {de t}, des notions de base aux débats d'aujourd'hui.",
  "L'auteur fait le point sur {t} et répond aux questions les plus fréquentes.",
  'Conseils pratiques, exemples et schémas pour aborder {t} en toute confiance.',
];

export const YOUTH_SUMMARIES: readonly string[] = [
  'Une histoire tendre pour apprendre à grandir.', "Un album plein d'humour sur la peur du noir.",
  'Une aventure drôle et rythmée, à lire seul ou à deux.', 'Un conte poétique, illustré de grandes images colorées.',
  'Un petit roman pour découvrir le plaisir de lire.',
];

export const AUDIO_PUBLISHERS: readonly Publisher[] = [
  pub('Audiolib', 'Paris', null), pub('Éditions Thélème', 'Paris', null), pub('Gallimard Jeunesse', 'Paris', '07', ['Écoutez lire']),
  pub('Sixtrid', 'Paris', null), pub('Lizzie', 'Paris', null),
];

export const MAP_PUBLISHERS_MODERN: readonly Publisher[] = [
  pub('IGN', 'Saint-Mandé', '7585'), pub('Michelin', 'Boulogne-Billancourt', '06'),
];

export const MAP_PUBLISHERS_OLD: readonly Publisher[] = [
  pub('Dépôt de la guerre', 'Paris', null), pub("Service géographique de l'armée", 'Paris', null),
  pub('Impr. L. Danel', 'Lille', null),
];

export const IMAGE_PUBLISHERS: readonly Publisher[] = [
  pub('E. Delcroix', 'Val-de-Lys', null), pub('Phototypie A. Bellot', 'Lille', null), pub('Lévy fils et Cie', 'Paris', null),
  pub('Impr. Desbarbieux', 'Val-de-Lys', null),
];

/** Short first names for characters of children's books. */
export const CHILD_NAMES: readonly string[] = [
  'Lou', 'Léon', 'Nina', 'Tim', 'Zélie', 'Mia', 'Noé', 'Jojo', 'Pablo', 'Anouk', 'Titouan', 'Rosalie', 'Max',
  'Capucine', 'Ilyes', 'Aya', 'Célestin', 'Ninon',
];

export const YOUTH_TOPICS: readonly Topic[] = [
  { np: 'les dinosaures', subject: { a: 'Dinosaures' }, dewey: '567.9' },
  { np: 'le corps humain', subject: { a: 'Corps humain' }, dewey: '612' },
  { np: 'les volcans', subject: { a: 'Volcans' }, dewey: '551.21' },
  { np: "l'espace", subject: { a: 'Espace extra-atmosphérique', x: 'Exploration' }, dewey: '629.4' },
  { np: 'les chevaliers', subject: { a: 'Chevaliers et chevalerie' }, dewey: '940.1' },
  { np: 'les animaux de la ferme', subject: { a: 'Animaux domestiques' }, dewey: '636' },
  { np: 'la préhistoire', subject: { a: 'Préhistoire' }, dewey: '930.1' },
  { np: 'les océans', subject: { a: 'Océan' }, dewey: '551.46' },
  { np: 'Noël dans le monde', subject: { a: 'Noël', x: 'Mœurs et coutumes' }, dewey: '394.266' },
  { np: "les pyramides d'Égypte", subject: { a: 'Pyramides', y: 'Égypte' }, dewey: '932' },
  { np: 'les émotions', subject: { a: 'Émotions' }, dewey: '152.4' },
  { np: "l'écologie", subject: { a: 'Écologie' }, dewey: '577' },
];

export const YOUTH_DOC_SERIES: readonly string[] = ["Mes p'tits docs", 'Kididoc', 'Mes premières découvertes', 'Questions-réponses'];

export const PERIODICAL_PREFIXES: readonly string[] = [
  'Les cahiers', 'La revue', 'Le journal', 'Le magazine', 'La lettre', 'Les nouvelles', "L'écho",
];

export const PERIODICAL_TOPICS: readonly { np: string; subject: string }[] = [
  { np: 'le jardin', subject: 'Jardinage' }, { np: 'la cuisine', subject: 'Cuisine' },
  { np: 'le cinéma', subject: 'Cinéma' }, { np: 'les sciences', subject: 'Sciences' },
  { np: 'la randonnée', subject: 'Randonnée pédestre' }, { np: 'la photographie', subject: 'Photographie' },
  { np: "l'histoire", subject: 'Histoire' }, { np: 'le jazz', subject: 'Jazz' },
  { np: 'le patrimoine', subject: 'Patrimoine culturel' }, { np: 'la maison', subject: 'Décoration intérieure' },
  { np: 'la pêche', subject: 'Pêche' }, { np: 'les voyages', subject: 'Voyages' },
  { np: 'la Lys', subject: 'Lys, Vallée de la (France et Belgique)' }, { np: 'les écoles', subject: 'Enseignement' },
];

export const YOUTH_PERIODICAL_A = ['Petit', 'Mini', 'Super', "P'tit"];
export const YOUTH_PERIODICAL_B = ['curieux', 'lecteur', 'explorateur', 'savant', 'reporter'];
export const TEEN_PERIODICAL_A = ['Ado', 'Génération', 'Cap', 'Planète'];
export const TEEN_PERIODICAL_B = ['sciences', 'mag', 'actu', 'monde'];
export const FREQUENCIES: readonly string[] = ['Mensuel', 'Hebdomadaire', 'Bimestriel', 'Trimestriel'];
export const MONTHS_FR: readonly string[] = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
];

// ---------------------------------------------------------------------------------------------
// Heritage (fonds patrimonial).

export const OLD_SCHOOL_SUBJECTS: readonly string[] = [
  "d'histoire de France", 'de géographie', "d'agriculture", "de morale et d'instruction civique",
  'de sciences physiques et naturelles', "d'arithmétique",
];

export const SAINTS: readonly string[] = ['Vaast', 'Éloi', 'Martin', 'Amand', 'Omer', 'Pierre'];

export const HERITAGE_NOTES: readonly string[] = [
  'Reliure demi-chagrin', 'Ex-libris manuscrit sur la page de titre', 'Rousseurs',
  'Cachet de la Bibliothèque municipale de Val-de-Lys', "Envoi autographe de l'auteur", 'Exemplaire incomplet du frontispice',
];

export const POSTCARD_VIEWS: readonly string[] = [
  "la place de l'Église", 'la gare', "l'école des garçons", "l'école des filles", 'le pont sur la Lys',
  'la rue Nationale', 'le marché du samedi', 'la sortie de la messe', 'le moulin', "l'hospice",
  'la crue de 1910', "la fête de Noël à l'hospice", 'le château', 'le canal',
];
