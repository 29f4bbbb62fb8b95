import { test, expect, snap } from '../fixtures.ts';

test.describe.configure({ mode: 'serial' });

/** A Seoul-hours workday (09:00–17:00 UTC+9) on five weekdays, from one address. */
const LOG = [
  'timestamp,account,ip,country',
  ...[5, 6, 7, 8, 9].flatMap((d) => Array.from({ length: 9 }, (_, h) => `2026-01-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:10:00Z,jd@example.com,192.0.2.44,US`)),
].join('\n');

const DEVICES = [
  'Device Name,Serial Number,Assigned User,Last Public IP,Installed Software,Shipping Address',
  'LT-0042,C02XK1,jd@example.com,203.0.113.50,"Chrome; Slack; AnyDesk 8.0","12 Elm St, Springfield, IL"',
  'LT-0043,C02XK2,as@example.com,203.0.113.50,"Chrome; Zoom","88 Birch Rd, Dayton, OH"',
].join('\n');

test('activity: WP-01 appears in the subject\'s zone without choosing one; a device file raises EQ-02 and NA-05, and one is accepted', async ({ signedIn: page, harness }) => {
  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Jamie Doe, remote developer', '--priority', 'high');
  expect(created.code, created.stderr).toBe(0);
  const number = (JSON.parse(created.stdout) as { number: string }).number;
  const subject = await harness.cli('--user', 'Olivia Officer', 'subjects', 'add', number, '--name', 'Jamie Doe', '--location', 'New York, NY', '--nationality', 'US', '--timezone', 'America/New_York');
  expect(subject.code, subject.stderr).toBe(0);

  await page.goto(`${harness.url}#/case/${number}/activity`);
  await page.getByLabel('Login records (CSV)').setInputFiles({ name: 'sso-logins.csv', mimeType: 'text/csv', buffer: Buffer.from(LOG) });
  await expect(page.getByRole('table', { name: 'Column mapping' })).toBeVisible();
  await page.getByRole('button', { name: 'Import sso-logins.csv' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 45 events' })).toBeVisible();
  const findings = page.getByRole('table', { name: 'Findings' });
  const wp01 = findings.getByTestId('finding').filter({ hasText: 'WP-01' });
  await expect(wp01).toContainText('America/New_York');
  await expect(wp01).toContainText('from UTC+09:00 to UTC+09:45');

  await page.getByLabel('Device inventory (CSV)').setInputFiles({ name: 'mdm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(DEVICES) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 devices' })).toContainText('E-002');
  const eq02 = findings.getByTestId('finding').filter({ hasText: 'EQ-02' });
  await expect(eq02).toContainText('last seen at the one public address 203.0.113.50');
  const na05 = findings.getByTestId('finding').filter({ hasText: 'NA-05' });
  await expect(na05).toContainText('AnyDesk');
  await eq02.getByRole('button', { name: 'Accept' }).click();
  await expect(eq02.getByText('accepted')).toBeVisible();

  for (const [w, h] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await findings.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await snap(page, `activity-devices-${w}`);
  }

  await page.getByRole('tab', { name: 'Indicators' }).click();
  await expect(page.getByTestId('indicator-EQ-02').getByTestId('assessment-status')).toHaveText('Present');
});
