import { describe, expect, it } from 'vitest';
import { compareAttributes, sameCountry } from '../../shared/sanctions/attributes.ts';
import { parseRemarks } from '../../shared/sanctions/remarks.ts';

const facts = parseRemarks('DOB 22 Apr 1973; nationality Korea, North; Gender Male; Passport 927233154 (Korea, North).').items;

describe('subject attributes against a listed entry', () => {
  it('scores down and says so when the date of birth, nationality or gender disagree', () => {
    const r = compareAttributes({ dob: '1990-05-01', nationality: 'CN', gender: 'female' }, facts);
    expect(r.adjust).toBeLessThan(-0.2);
    expect(r.notes).toEqual([
      'born 22 Apr 1973 on the list, the subject 1990-05-01: scored down',
      'nationality Korea, North on the list, the subject CN: scored down',
      'male on the list, the subject female: scored down',
    ]);
  });

  it('scores up when they agree, by year or by exact date, and by country code or name', () => {
    const r = compareAttributes({ dob: '1973', nationality: 'KP', gender: 'm' }, facts);
    expect(r.adjust).toBeGreaterThan(0);
    expect(r.notes[0]).toBe('born 22 Apr 1973 on the list, as the subject (1973)');
    expect(compareAttributes({ dob: '1973-04-22' }, facts).adjust).toBeGreaterThan(0);
    expect(compareAttributes({ nationality: 'North Korea' }, facts).adjust).toBeGreaterThan(0);
  });

  it('reads "circa" and ranges, and says nothing when either side lacks the attribute', () => {
    const circa = parseRemarks('DOB circa 1965.').items;
    expect(compareAttributes({ dob: '1966' }, circa).adjust).toBeGreaterThan(0);
    expect(compareAttributes({ dob: '1968' }, circa).adjust).toBeLessThan(0);
    const range = parseRemarks('DOB 1962 to 1964.').items;
    expect(compareAttributes({ dob: '1963-01-01' }, range).adjust).toBeGreaterThan(0);
    expect(compareAttributes({}, facts)).toEqual({ adjust: 0, notes: [] });
    expect(compareAttributes({ dob: '1990' }, [])).toEqual({ adjust: 0, notes: [] });
  });

  it('knows OFAC country names by code', () => {
    expect(sameCountry('KP', 'Korea, North')).toBe(true);
    expect(sameCountry('KR', 'Korea, North')).toBe(false);
    expect(sameCountry('MM', 'Burma')).toBe(true);
    expect(sameCountry('RU', 'Russia')).toBe(true);
    expect(sameCountry('IR', 'Iraq')).toBe(false);
  });
});
