import fedHolidays from '@18f/us-federal-holidays';

/**
 * US federal business days: Monday to Friday, except federal holidays as observed (OPM's rule:
 * a Saturday holiday is observed the Friday before, a Sunday one the Monday after), from the
 * maintained @18f/us-federal-holidays list.
 */
export function isBusinessDay(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00.000Z`);
  const dow = d.getUTCDay();
  if (dow === 0 || dow === 6) return false;
  return !fedHolidays.isAHoliday(d, { utc: true });
}

/** The date `n` business days after `iso` (the day itself not counted), as YYYY-MM-DD. */
export function addBusinessDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date (YYYY-MM-DD): ${iso}`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isBusinessDay(d.toISOString().slice(0, 10))) left--;
  }
  return d.toISOString().slice(0, 10);
}
