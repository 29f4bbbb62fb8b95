/**
 * Word lists the name matcher classifies tokens with. Every list is general (legal forms, titles,
 * number words, common business words, well-known nickname groups); none names a listed party.
 * All entries are in folded form (lower case ASCII, after transliteration).
 */

/**
 * Legal forms, each mapped to its normalised class. Multi-word forms are matched as phrases
 * before single words. Sources: the forms' own statutes as commonly abbreviated (GmbHG, AktG,
 * Russian Civil Code art. 87–104 ООО/АО/ПАО, UK Companies Act 2006 Ltd/plc, etc.).
 */
export const LEGAL_PHRASES: readonly [string, string][] = [
  ['public joint stock company', 'pjsc'],
  ['open joint stock company', 'ojsc'],
  ['closed joint stock company', 'cjsc'],
  ['joint stock company', 'jsc'],
  ['limited liability company', 'llc'],
  ['limited liability partnership', 'llp'],
  ['limited partnership', 'lp'],
  ['public limited company', 'plc'],
  ['private limited company', 'ltd'],
  ['company limited', 'co ltd'],
  ['co ltd', 'co ltd'],
  ['sdn bhd', 'sdnbhd'],
  ['pte ltd', 'pteltd'],
  ['pty ltd', 'ptyltd'],
  ['pvt ltd', 'ltd'],
  ['private limited', 'ltd'],
  ['sp z o o', 'llc'],
  ['s a', 'sa'],
  ['s r l', 'srl'],
  ['s a r l', 'sarl'],
  ['s p a', 'spa'],
  ['b v', 'bv'],
  ['n v', 'nv'],
  ['societe anonyme', 'sa'],
  ['sociedad anonima', 'sa'],
  ['sociedade anonima', 'sa'],
  ['societa per azioni', 'spa'],
  ['societe a responsabilite limitee', 'sarl'],
  ['sociedad limitada', 'sl'],
  ['societa a responsabilita limitata', 'srl'],
  ['kabushiki kaisha', 'kk'],
  ['godo kaisha', 'gk'],
  ['obshchestvo s ogranichennoi otvetstvennostiu', 'llc'],
  ['obshchestvo s ogranichennoy otvetstvennostyu', 'llc'],
  ['aktsionernoe obshchestvo', 'jsc'],
  ['aktsionernoye obshchestvo', 'jsc'],
  ['publichnoe aktsionernoe obshchestvo', 'pjsc'],
  ['gmbh co kg', 'gmbhcokg'],
  ['fz llc', 'fzllc'],
];

export const LEGAL_WORDS: ReadonlyMap<string, string> = new Map([
  ['llc', 'llc'], ['ooo', 'llc'], ['tov', 'llc'], ['too', 'llc'],
  ['jsc', 'jsc'], ['ao', 'jsc'], ['ojsc', 'ojsc'], ['oao', 'ojsc'], ['cjsc', 'cjsc'], ['zao', 'cjsc'], ['pjsc', 'pjsc'], ['pao', 'pjsc'],
  ['ltd', 'ltd'], ['limited', 'ltd'], ['plc', 'plc'], ['llp', 'llp'], ['lp', 'lp'],
  ['co', 'co'], ['company', 'co'], ['corp', 'corp'], ['corporation', 'corp'], ['inc', 'inc'], ['incorporated', 'inc'],
  ['gmbh', 'gmbh'], ['ag', 'ag'], ['aktiengesellschaft', 'ag'], ['kg', 'kg'], ['ug', 'ug'],
  ['sa', 'sa'], ['sarl', 'sarl'], ['sas', 'sas'], ['srl', 'srl'], ['spa', 'spa'], ['sl', 'sl'], ['sae', 'sae'],
  ['bv', 'bv'], ['nv', 'nv'], ['ab', 'ab'], ['asa', 'asa'], ['oy', 'oy'], ['oyj', 'oyj'], ['aps', 'aps'],
  ['kk', 'kk'], ['pt', 'pt'], ['tbk', 'tbk'], ['bhd', 'bhd'], ['pte', 'pte'], ['pty', 'pty'], ['pvt', 'pvt'],
  ['fze', 'fze'], ['fzco', 'fzco'], ['fzc', 'fzc'], ['fzllc', 'fzllc'], ['sdn', 'sdn'], ['doo', 'llc'], ['sro', 'llc'],
]);

/** Two-letter legal forms that are also ordinary words or name syllables: recognised only at the name's start or end. */
export const AMBIGUOUS_LEGAL: ReadonlySet<string> = new Set(['ao', 'ag', 'sa', 'co', 'ab', 'kg', 'sl', 'lp', 'pt', 'kk', 'oy', 'ug', 'too', 'tov', 'sas', 'spa', 'as']);

/** Titles, honorifics and name suffixes: they say little about who a person is. */
export const TITLES: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mister', 'madam', 'mme', 'mlle', 'dr', 'doctor', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady',
  'president', 'vice', 'prime', 'minister', 'chairman', 'general', 'gen', 'colonel', 'col', 'major', 'maj', 'captain', 'capt',
  'lieutenant', 'lt', 'admiral', 'adm', 'marshal', 'brigadier', 'sergeant', 'sgt', 'commander', 'cmdr',
  'sheikh', 'shaikh', 'sheik', 'shaykh', 'cheikh', 'sayyid', 'sayed', 'seyed', 'seyyed', 'syed', 'haji', 'hajji', 'hadji', 'hajj',
  'mullah', 'mulla', 'imam', 'ayatollah', 'hojatoleslam', 'emir', 'prince', 'princess', 'king', 'queen', 'sultan', 'sheikha',
  'rev', 'reverend', 'father', 'bishop', 'judge', 'hon', 'honourable', 'honorable', 'eng', 'engineer', 'senator', 'sen',
  'governor', 'gov', 'comrade', 'herr', 'frau', 'gospodin', 'gospozha', 'jr', 'sr', 'junior', 'senior', 'ii', 'iii', 'iv',
  'his', 'her', 'excellency', 'he', 'mp', 'esq', 'phd', 'md',
]);

/** Connecting words and name particles that weigh little on either side. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'the', 'of', 'and', 'for', 'de', 'del', 'della', 'der', 'den', 'des', 'du', 'da', 'do', 'dos', 'das', 'la', 'le', 'les', 'el', 'al',
  'van', 'von', 'und', 'et', 'bin', 'ibn', 'bint', 'ben', 'ould', 'binti', 'bte', 'an', 'in', 'on', 'at', 'to',
]);

/**
 * Words that many company names share (the kind of business, its reach): they weigh half a
 * distinctive word, and a name made of only these words is not distinctive.
 */
export const GENERIC_BUSINESS: ReadonlySet<string> = new Set([
  'trading', 'trade', 'traders', 'group', 'holding', 'holdings', 'international', 'intl', 'industrial', 'industry', 'industries',
  'general', 'services', 'service', 'enterprise', 'enterprises', 'import', 'export', 'investment', 'investments', 'development',
  'technology', 'technologies', 'tech', 'real', 'estate', 'bank', 'banking', 'shipping', 'logistics', 'global', 'partners',
  'management', 'consulting', 'solutions', 'systems', 'commercial', 'foreign', 'construction', 'energy', 'petroleum', 'oil', 'gas',
  'equipment', 'engineering', 'manufacturing', 'electronics', 'electronic', 'import-export', 'marine', 'maritime', 'navigation',
  'finance', 'financial', 'capital', 'resources', 'mining', 'metals', 'steel', 'chemical', 'chemicals', 'pharmaceutical',
  'textile', 'textiles', 'software', 'information', 'it', 'network', 'networks', 'media', 'agency', 'office', 'center', 'centre',
  'institute', 'association', 'foundation', 'union', 'committee', 'ministry', 'bureau', 'department', 'factory', 'plant', 'works',
  'store', 'stores', 'general', 'president', 'shop', 'hotel', 'airlines', 'airline', 'air', 'transport', 'cooperation', 'cooperative', 'joint', 'venture',
  'exchange', 'insurance', 'credit', 'ventures', 'products', 'supply', 'supplies', 'machinery', 'materials', 'tanker', 'tankers',
  'line', 'lines', 'freight', 'cargo', 'firm', 'house', 'world', 'national', 'state', 'bros', 'brothers', 'sons', 'associates',
]);

/** Cardinal and ordinal number words in English, folded. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9],
  ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15], ['sixteen', 16],
  ['seventeen', 17], ['eighteen', 18], ['nineteen', 19], ['twenty', 20], ['thirty', 30], ['forty', 40], ['fourty', 40],
  ['fifty', 50], ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90],
  ['first', 1], ['second', 2], ['third', 3], ['fourth', 4], ['fifth', 5], ['sixth', 6], ['seventh', 7], ['eighth', 8], ['ninth', 9],
  ['tenth', 10], ['eleventh', 11], ['twelfth', 12], ['twentieth', 20], ['thirtieth', 30],
]);
export const NUMBER_SCALES: ReadonlyMap<string, number> = new Map([['hundred', 100], ['thousand', 1000], ['hundredth', 100], ['thousandth', 1000]]);

/**
 * Well-known given-name groups (a short form and its full name, or one name across languages).
 * A pair in one group matches at a lower score than the same name.
 */
const NICKNAME_GROUPS: readonly string[] = [
  'william bill billy will willy wilhelm guillaume guillermo',
  'robert bob bobby rob robbie roberto',
  'richard dick rick ricky rich ricardo',
  'james jim jimmy jamie',
  'john jack johnny jon ivan ioann juan johann jean giovanni hans',
  'michael mike mikey mick mikhail misha miguel michel',
  'alexander alex alexandr aleksandr sasha sandro alejandro alessandro alexandre',
  'elizabeth liz lizzy beth betty eliza elisabeth',
  'margaret maggie meg peggy marge',
  'katherine catherine kate katie kathy cathy ekaterina yekaterina katya',
  'thomas tom tommy',
  'joseph joe joey jose giuseppe iosif osip',
  'charles charlie chuck carlos karl carl',
  'edward ed eddie ted teddy',
  'anthony tony antonio anton',
  'daniel dan danny',
  'david dave davey',
  'steven stephen steve stefan stepan esteban',
  'christopher chris kristopher',
  'nicholas nick nicky nikolai nikolay nicolas nikola',
  'peter pete pyotr petr pierre pedro pietro',
  'andrew andy drew andrei andrey andre andres',
  'benjamin ben benny',
  'samuel sam sammy',
  'matthew matt matvei',
  'patrick pat paddy',
  'gregory greg grigory grigori',
  'jonathan jon',
  'timothy tim timmy',
  'kenneth ken kenny',
  'ronald ron ronnie',
  'donald don donnie',
  'lawrence larry',
  'leonard leo len lenny',
  'frederick fred freddie',
  'raymond ray',
  'vladimir volodya vova',
  'dmitry dmitri dmitriy dima',
  'yevgeny evgeny evgeniy yevgeniy zhenya eugene',
  'mikhail misha',
  'sergei sergey serge seryozha',
  'konstantin kostya',
  'anatoly anatoliy tolya',
  'boris borya',
  'vyacheslav slava',
  'yaroslav slava',
  'svyatoslav slava',
  'tatiana tatyana tanya',
  'natalia natalya natasha',
  'maria mariya masha mary marie',
  'olga olya',
  'anna anya ann anne hannah',
  'yelena elena lena helen helena',
  'irina ira',
  'svetlana sveta',
  'lyudmila ludmila lyuda',
  'muhammad mohammad mohammed muhammed mohamed mehmet mohamad',
  'ahmad ahmed',
  'yusuf yousef yusef joseph',
  'ibrahim abraham',
  'suleiman sulayman solomon',
  'ali aly',
  'hussein husain hussain hosein hossein',
  'abdullah abdallah abdulla',
  'abdulrahman abdurrahman abdelrahman',
  'rob bob',
];
const NICKNAME_INDEX: ReadonlyMap<string, readonly number[]> = (() => {
  const m = new Map<string, number[]>();
  NICKNAME_GROUPS.forEach((g, i) => {
    for (const n of g.split(' ')) m.set(n, [...(m.get(n) ?? []), i]);
  });
  return m;
})();

/** Whether two different given names are one name's short and full forms (or its forms in two languages). */
export function sameNameGroup(a: string, b: string): boolean {
  const ga = NICKNAME_INDEX.get(a);
  const gb = NICKNAME_INDEX.get(b);
  return !!ga && !!gb && ga.some((g) => gb.includes(g));
}
