/**
 * Compares what is known about a screened subject (date of birth, nationality, gender) with what a
 * listed entry's remarks say (OFAC writes "DOB 25 Apr 1965", "DOB circa 1965", "DOB 1962 to 1963",
 * "nationality Korea, North", "Gender Male"). Pure: the facts parsed at import in, an adjustment
 * and plain sentences out. An attribute the subject or the entry lacks says nothing.
 */
import type { RemarkItem } from './types.ts';

export type SubjectAttributes = {
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  dob?: string | undefined;
  /** A two-letter country code (KP) or a country name (North Korea). */
  nationality?: string | undefined;
  /** male or female (m/f). */
  gender?: string | undefined;
};

export type AttributeCheck = {
  /** Added to the name score (negative when the entry disagrees). */
  adjust: number;
  /** One plain sentence per attribute compared, e.g. "born 1973 on the list, the subject 1990". */
  notes: string[];
};

/** How much each disagreement lowers a name score, and each agreement raises it. */
export const ATTRIBUTE_WEIGHTS = { dobDisagrees: -0.1, nationalityDisagrees: -0.05, genderDisagrees: -0.1, agrees: 0.02 } as const;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

type Born = { from: number; to: number; date: string | null; text: string };

/** The years (and exact date, when written) one listed DOB allows. */
function listedBirth(text: string): Born | null {
  const years = [...text.matchAll(/\b(1[89]\d\d|20\d\d)\b/g)].map((m) => Number(m[1]));
  if (years.length === 0) return null;
  const circa = /circa|approximately|about/i.test(text) ? 1 : 0;
  const full = text.match(/\b(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})\b/);
  const month = full ? MONTHS.indexOf(full[2]!.toLowerCase()) + 1 : 0;
  const date = full && month > 0 ? `${full[3]}-${String(month).padStart(2, '0')}-${full[1]!.padStart(2, '0')}` : null;
  return { from: Math.min(...years) - circa, to: Math.max(...years) + circa, date, text };
}

/** Country code → English name, and the list's "Korea, North" → "north korea", for comparison. */
const regionNames = (() => {
  try {
    return new Intl.DisplayNames('en', { type: 'region' });
  } catch {
    return null;
  }
})();

function countryWords(s: string): string {
  let v = s.trim();
  if (/^[A-Za-z]{2}$/.test(v)) v = regionNames?.of(v.toUpperCase()) ?? v;
  const comma = v.match(/^([^,]+),\s*(.+)$/);
  if (comma) v = `${comma[2]} ${comma[1]}`;
  return v.toLowerCase().replace(/[()]/g, ' ').replace(/\b(the|of|republic|democratic|people s|peoples)\b/g, ' ').replace(/[^a-z]+/g, ' ').trim();
}

/** Whether a subject's country and a listed country name one country ("KP" and "Korea, North"; "MM" and "Burma"). */
export function sameCountry(subject: string, listed: string): boolean {
  const a = countryWords(subject);
  const b = countryWords(listed);
  if (!a || !b) return false;
  if (a === b) return true;
  // "myanmar burma" holds "burma"; "congo kinshasa" holds "congo".
  const wa = a.split(' ');
  const wb = b.split(' ');
  return wb.every((w) => wa.includes(w)) || wa.every((w) => wb.includes(w));
}

const genderOf = (s: string): 'male' | 'female' | null => {
  const v = s.trim().toLowerCase();
  return v === 'm' || v === 'male' ? 'male' : v === 'f' || v === 'female' ? 'female' : null;
};

/** Compares a subject's attributes with a listed entry's facts. */
export function compareAttributes(subject: SubjectAttributes, facts: readonly RemarkItem[]): AttributeCheck {
  const notes: string[] = [];
  let adjust = 0;

  const dob = subject.dob?.trim();
  const births = facts.filter((f) => f.kind === 'dob').map((f) => listedBirth(f.value)).filter((b): b is Born => b !== null);
  if (dob && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(dob) && births.length) {
    const year = Number(dob.slice(0, 4));
    const exact = dob.length === 10 ? births.find((b) => b.date === dob) : undefined;
    const inRange = births.find((b) => year >= b.from && year <= b.to);
    const listed = births.map((b) => b.text).join(' or ');
    if (exact || inRange) {
      adjust += ATTRIBUTE_WEIGHTS.agrees;
      notes.push(`born ${listed} on the list, as the subject (${dob})`);
    } else {
      adjust += ATTRIBUTE_WEIGHTS.dobDisagrees;
      notes.push(`born ${listed} on the list, the subject ${dob}: scored down`);
    }
  }

  const nationality = subject.nationality?.trim();
  const countries = facts.filter((f) => f.kind === 'nationality' || f.kind === 'citizenship').map((f) => f.value);
  if (nationality && countries.length) {
    const listed = [...new Set(countries)].join(' or ');
    if (countries.some((c) => sameCountry(nationality, c))) {
      adjust += ATTRIBUTE_WEIGHTS.agrees;
      notes.push(`nationality ${listed} on the list, as the subject (${nationality})`);
    } else {
      adjust += ATTRIBUTE_WEIGHTS.nationalityDisagrees;
      notes.push(`nationality ${listed} on the list, the subject ${nationality}: scored down`);
    }
  }

  const gender = subject.gender ? genderOf(subject.gender) : null;
  const listedGender = facts.map((f) => (f.kind === 'gender' ? genderOf(f.value) : null)).find((g) => g !== null);
  if (gender && listedGender) {
    if (gender === listedGender) {
      adjust += ATTRIBUTE_WEIGHTS.agrees;
      notes.push(`${listedGender} on the list, as the subject`);
    } else {
      adjust += ATTRIBUTE_WEIGHTS.genderDisagrees;
      notes.push(`${listedGender} on the list, the subject ${gender}: scored down`);
    }
  }
  return { adjust, notes };
}
