import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, snap } from '../fixtures.ts';
import { countryRecord, writeMmdb } from '../../helpers/mmdb.ts';

test.describe.configure({ mode: 'serial' });

test('change a weight, a threshold, the GeoIP database and a range list, and see each saved and audited', async ({ signedIn: page, harness }) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

  // A weight: its default beside it, saved, rescoring reported, and the audit row with before → after.
  const weights = page.getByRole('table', { name: 'Weights' });
  const na03 = weights.getByRole('row').filter({ hasText: 'NA-03' });
  await expect(na03.getByRole('cell').nth(2)).toHaveText('5');
  await na03.getByLabel('Weight of NA-03').fill('20');
  await page.getByRole('button', { name: 'Save weights (1)' }).click();
  await expect(page.getByText(/Weights saved; \d+ case\(s\) rescored/)).toBeVisible();
  const audit = page.getByRole('table', { name: 'Settings changes' });
  await expect(audit.getByRole('row').nth(1)).toContainText('Olivia Officer');
  await expect(audit.getByRole('row').nth(1)).toContainText('Weights');
  await expect(audit.getByRole('row').nth(1)).toContainText('NA-03 5 → 20');
  const cli = await harness.cli('indicators', 'weights');
  expect(cli.code, cli.stderr).toBe(0);
  expect(JSON.parse(cli.stdout)).toMatchObject({ weights: { 'NA-03': 20 }, defaults: { 'NA-03': 5 } });

  // A threshold.
  const thresholds = page.getByRole('table', { name: 'Thresholds' });
  await expect(thresholds.getByRole('row').filter({ hasText: 'Session length' }).getByRole('cell').nth(2)).toHaveText('24');
  await page.getByLabel('Session length').fill('12');
  await page.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(page.getByText(/Thresholds saved\./)).toBeVisible();
  await expect(audit.getByRole('row').nth(1)).toContainText('NA-03 session length 24 → 12');

  // The high-risk countries NA-08 flags: the default and its source shown, a bad code refused, a new list saved and audited.
  const risky = page.getByLabel('Countries (two-letter codes, separated by commas)');
  await expect(risky).toHaveValue('KP, CN, RU');
  await expect(page.getByText(/Guidance on the Democratic People's Republic of Korea Information Technology Workers/)).toBeVisible();
  await risky.fill('KP, CN, RU, Iran');
  await expect(page.getByRole('alert')).toContainText('“Iran” is not a two-letter country code');
  await expect(page.getByRole('button', { name: 'Save high-risk countries' })).toBeDisabled();
  await risky.fill('KP, CN, RU, IR');
  await expect(page.getByText('North Korea (KP), China (CN), Russia (RU), Iran (IR)')).toBeVisible();
  await page.getByRole('button', { name: 'Save high-risk countries' }).click();
  await expect(page.getByText('High-risk countries saved.')).toBeVisible();
  await expect(audit.getByRole('row').nth(1)).toContainText('NA-08 high-risk countries');
  await expect(audit.getByRole('row').nth(1)).toContainText('IR');
  await expect(page.getByText('Flagged now: North Korea, China, Russia, Iran.')).toBeVisible();

  // The GeoIP database: a missing file is refused with the reason, a real .mmdb is taken.
  const geoip = page.getByLabel('GeoIP database (.mmdb path)');
  await geoip.fill(join(harness.dir, 'absent.mmdb'));
  await page.getByRole('button', { name: 'Save GeoIP database' }).click();
  await expect(page.getByRole('alert')).toContainText('is missing');
  const mmdb = join(harness.dir, 'GeoLite2-Country.mmdb');
  writeFileSync(mmdb, writeMmdb({ '175.45.176.0/22': countryRecord('KP') }));
  await geoip.fill(mmdb);
  await page.getByRole('button', { name: 'Save GeoIP database' }).click();
  await expect(page.getByText('GeoIP database set.')).toBeVisible();
  await expect(page.getByText('In use:')).toContainText(mmdb);
  await expect(audit.getByRole('row').nth(1)).toContainText(`GeoIP database — → ${mmdb}`);

  // A range list from a file path.
  const ranges = join(harness.dir, 'vpn.txt');
  writeFileSync(ranges, '# exits\n10.8.0.0/16\n2001:db8:ffff::/48\n');
  await page.getByLabel('List name').fill('Commercial VPN exits');
  await page.getByLabel('Kind').selectOption('vpn');
  await page.getByLabel(/Range file/).fill(ranges);
  await page.getByRole('button', { name: 'Import list' }).click();
  await expect(page.getByRole('table', { name: 'Range lists' }).getByRole('row').filter({ hasText: 'Commercial VPN exits' })).toContainText('2');
  await expect(audit.getByRole('row').nth(1)).toContainText('Range list “Commercial VPN exits”');

  // Saved for good: a reload shows the values.
  await page.reload();
  await expect(page.getByLabel('Weight of NA-03')).toHaveValue('20');
  await expect(page.getByLabel('Session length')).toHaveValue('12');
  await expect(audit.getByRole('row')).toHaveCount(6);
  await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
  await snap(page, 'settings');
  await audit.scrollIntoViewIfNeeded();
  await snap(page, 'settings-audit');
});
