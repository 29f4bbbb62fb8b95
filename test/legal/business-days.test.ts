import { describe, expect, it } from 'vitest';
import { addBusinessDays, isBusinessDay } from '../../electron/core/legal/business-days.ts';

describe('reports due 10 business days later (31 CFR 501.603(b)(1), 501.604(b)(1))', () => {
  it('skips weekends', () => {
    expect(addBusinessDays('2025-03-03', 10)).toBe('2025-03-17'); // Monday → Monday two weeks on
    expect(addBusinessDays('2025-03-08', 1)).toBe('2025-03-10'); // Saturday → Monday
  });
  it('skips federal holidays: Thanksgiving 2025-11-27', () => {
    expect(isBusinessDay('2025-11-27')).toBe(false);
    expect(addBusinessDays('2025-11-20', 10)).toBe('2025-12-05');
  });
  it('skips a holiday observed on another day: Independence Day 2026 (Saturday) is observed Friday 2026-07-03', () => {
    expect(isBusinessDay('2026-07-03')).toBe(false);
    expect(isBusinessDay('2026-07-04')).toBe(false);
    expect(addBusinessDays('2026-06-29', 10)).toBe('2026-07-14'); // 30 Jun, 1, 2, 6, 7, 8, 9, 10, 13, 14 July
  });
  it('skips Christmas and New Year across the year end', () => {
    expect(addBusinessDays('2025-12-19', 10)).toBe('2026-01-06'); // skips 25 Dec and 1 Jan
  });
});
