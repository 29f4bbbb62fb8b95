import type { IdentifierKind, ParsedRemarks, RemarkItem } from './types.ts';

/** Document labels as OFAC writes them, longest first so "Business Registration Number" wins over "Registration Number". */
const DOCUMENT_LABELS: readonly [string, IdentifierKind][] = (
  [
    ['Diplomatic Passport', 'passport'],
    ['Passport', 'passport'],
    ['National ID No.', 'national_id'],
    ['National Foreign ID Number', 'national_id'],
    ['Personal ID Card', 'national_id'],
    ['Identification Number IMO', 'other_id'],
    ['Identification Number', 'national_id'],
    ['Cedula No.', 'national_id'],
    ['D.N.I.', 'national_id'],
    ['Kenyan ID No.', 'national_id'],
    ['Residency Number', 'national_id'],
    ['Birth Certificate Number', 'national_id'],
    ["Driver's License No.", 'national_id'],
    ['Stateless Person ID Card', 'national_id'],
    ['Social Security Number', 'national_id'],
    ['SSN', 'national_id'],
    ['C.U.R.P.', 'national_id'],
    ['CURP #', 'national_id'],
    ['Travel Document Number', 'national_id'],
    ['Refugee ID Card', 'national_id'],
    ['Tax ID No.', 'tax_id'],
    ['NIT #', 'tax_id'],
    ['RUC #', 'tax_id'],
    ['R.F.C.', 'tax_id'],
    ['RFC #', 'tax_id'],
    ['V.A.T. Number', 'tax_id'],
    ['VAT Number', 'tax_id'],
    ['CUIT', 'tax_id'],
    ['RTN', 'tax_id'],
    ['Business Registration Number', 'registration'],
    ['Registration Number', 'registration'],
    ['Registration ID', 'registration'],
    ['Company Number', 'registration'],
    ['Commercial Registry Number', 'registration'],
    ['C.R. No.', 'registration'],
    ['Unified Social Credit Code (USCC)', 'registration'],
    ['Legal Entity Number', 'registration'],
    ['Folio Mercantil No.', 'registration'],
    ['Matricula Mercantil No', 'registration'],
    ['Economic Register Number (CBLS)', 'registration'],
    ['Government Gazette Number', 'registration'],
    ['Business Number', 'registration'],
    ['Trade License No.', 'registration'],
    ['Chamber of Commerce Number', 'registration'],
    ['Public Registration Number', 'registration'],
    ['Certificate of Incorporation Number', 'registration'],
    ['Enterprise Number', 'registration'],
    ['License', 'registration'],
    ['Vessel Registration Identification IMO', 'other_id'],
    ['MMSI', 'other_id'],
    ['SWIFT/BIC', 'other_id'],
    ['Aircraft Tail Number', 'other_id'],
    ["Aircraft Manufacturer's Serial Number (MSN)", 'other_id'],
  ] as [string, IdentifierKind][]
).sort((a, b) => b[0].length - a[0].length);

const SIMPLE: readonly [RegExp, IdentifierKind][] = [
  [/^DOB\s+(.+)$/, 'dob'],
  [/^POB\s+(.+)$/, 'pob'],
  [/^nationality\s+(.+)$/i, 'nationality'],
  [/^citizen\s+(.+)$/i, 'citizenship'],
  [/^Gender\s+(.+)$/, 'gender'],
  [/^Linked To:\s*(.+)$/, 'linked_to'],
  [/^Email Address\s+(\S+)$/, 'email'],
  [/^Website\s+(\S+)$/, 'website'],
  [/^Phone Number\s+(.+)$/, 'phone'],
];

/**
 * The rules that can match a segment, by its first letter (lower case): a segment is tried only
 * against the patterns and labels that start like it (the import parses ~15,000 remarks).
 */
const firstLetter = (s: string): string => s.charAt(0).toLowerCase();
const SIMPLE_BY_FIRST = new Map<string, [RegExp, IdentifierKind][]>();
for (const rule of SIMPLE) {
  // Each pattern starts with a literal word; case-insensitive ones are filed under both cases' lower form.
  const key = firstLetter(rule[0].source.replace(/^\^/, ''));
  SIMPLE_BY_FIRST.set(key, [...(SIMPLE_BY_FIRST.get(key) ?? []), rule]);
}

const item = (kind: IdentifierKind, label: string, value: string, extra: Partial<RemarkItem> = {}): RemarkItem => ({
  kind, label, value, chain: null, country: null, detail: null, ...extra,
});

/** "109420132 (Korea, North) issued 16 Oct 2019" → value, country, detail. */
function splitDocument(rest: string): { value: string; country: string | null; detail: string | null } {
  const paren = rest.match(/^(.+?)\s*\(([^()]+)\)\s*(.*)$/);
  if (paren) return { value: paren[1]!.trim(), country: paren[2]!.trim(), detail: paren[3]!.trim() || null };
  const dated = rest.match(/^(.+?)\s+((?:issued|expires|Issue Date|Expire Date|valid)\b.*)$/i);
  if (dated) return { value: dated[1]!.trim(), country: null, detail: dated[2]!.trim() };
  return { value: rest.trim(), country: null, detail: null };
}

/** Document labels by their first character (labels compare case-sensitively), longest first within each. */
const LABELS_BY_FIRST = new Map<string, [string, IdentifierKind][]>();
for (const l of DOCUMENT_LABELS) LABELS_BY_FIRST.set(l[0].charAt(0), [...(LABELS_BY_FIRST.get(l[0].charAt(0)) ?? []), l]);

function parseSegment(segment: string): RemarkItem | null {
  const crypto = segment.match(/^Digital Currency Address - ([A-Za-z0-9]+)\s+(\S+)/);
  if (crypto) return item('crypto', `Digital Currency Address - ${crypto[1]}`, crypto[2]!, { chain: crypto[1]!.toUpperCase() });
  const aka = segment.match(/^([afn])\.k\.a\.,?\s*['‘"](.+?)['’"]?$/i);
  if (aka) return item('aka', `${aka[1]!.toLowerCase()}ka`, aka[2]!.trim());
  for (const [re, kind] of SIMPLE_BY_FIRST.get(firstLetter(segment)) ?? []) {
    const m = segment.match(re);
    if (m) return item(kind, segment.slice(0, segment.length - m[1]!.length).trim().replace(/:$/, ''), m[1]!.trim());
  }
  for (const [label, kind] of LABELS_BY_FIRST.get(segment.charAt(0)) ?? []) {
    if (segment.length > label.length && segment.startsWith(label) && segment[label.length] === ' ') {
      const doc = splitDocument(segment.slice(label.length + 1));
      if (!doc.value) return null;
      return item(kind, label, doc.value, { country: doc.country, detail: doc.detail });
    }
  }
  return null;
}

/**
 * Parses an SDN entry's free-text remarks ("DOB 25 Apr 1965; nationality Korea, North; Digital
 * Currency Address - ETH 0x…; alt. Passport … (Korea, North).") into typed items. Segments that
 * carry no identifier (sanctions-risk notes, …) are kept as notes.
 */
export function parseRemarks(remarks: string | null): ParsedRemarks {
  if (!remarks) return { items: [], notes: [] };
  const items: RemarkItem[] = [];
  const notes: string[] = [];
  const body = remarks.trim().replace(/\.$/, '');
  for (const raw of body.split(';')) {
    const segment = raw.trim().replace(/^alt\.\s+/, '');
    if (!segment) continue;
    const parsed = parseSegment(segment);
    if (parsed) items.push(parsed);
    else notes.push(segment);
  }
  return { items, notes };
}

/** Programs as one field ("DPRK3] [DPRK4") → each program. */
export const splitPrograms = (field: string | null): string[] =>
  field ? field.split('] [').map((p) => p.replace(/^\[|\]$/g, '').trim()).filter(Boolean) : [];

/**
 * How a digital-currency address is compared: hex (0x…) and bech32 (bc1…, ltc1…) are case-free;
 * base58 (most XBT, TRX) is case-sensitive and kept as written.
 */
export function cryptoKey(value: string): string {
  const v = value.trim();
  if (/^0x[0-9a-f]+$/i.test(v) || /^(bc1|ltc1|tb1|bitcoincash:)/i.test(v)) return v.toLowerCase();
  return v;
}

/** How a document or registration number is compared: letters and digits only, upper case. */
export const documentKey = (value: string): string => value.normalize('NFKD').toUpperCase().replace(/[^A-Z0-9]/g, '');

/** The comparison key of an identifier of this kind. */
export const identifierKey = (kind: IdentifierKind, value: string): string =>
  kind === 'crypto' ? cryptoKey(value) : kind === 'email' || kind === 'website' ? value.trim().toLowerCase() : documentKey(value);
