import { test, expect, snap } from '../fixtures.ts';

test.describe.configure({ mode: 'serial' });

const LOG = [
  'When (UTC),User,Client IP,Country',
  // Berlin, then Pyongyang six hours later: NA-01 (two countries within 24 h).
  '2026-02-02T08:00:00Z,zq@example.com,192.0.2.10,DE',
  '2026-02-02T14:00:00Z,zq@example.com,175.45.176.3,KP',
  ...Array.from({ length: 30 }, (_, i) => `2026-02-${String(3 + Math.floor(i / 6)).padStart(2, '0')}T${String(i % 6).padStart(2, '0')}:15:00Z,zq@example.com,192.0.2.10,DE`),
].join('\n');

test('indicators and activity: assess with an exhibit, import a log, accept a finding, see the heatmap and the score move', async ({ signedIn: page, harness }) => {
  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Zephyr Quanto, backend contractor: camera never on', '--priority', 'high');
  expect(created.code, created.stderr).toBe(0);
  const number = (JSON.parse(created.stdout) as { number: string }).number;
  const note = await harness.cli('--user', 'Olivia Officer', 'evidence', 'note', number, '--title', 'Interview notes 2026-02-01', '--text', 'Camera off in all three interviews; claimed a broken webcam.');
  expect(note.code, note.stderr).toBe(0);

  await page.goto(`${harness.url}#/case/${number}/indicators`);
  await expect(page.getByTestId('risk-score')).toHaveText('0');
  await expect(page.getByRole('region', { name: 'Network access' })).toContainText('A22 · 2022-05-16');

  // "Present" without evidence is explained, not silently refused.
  const cm01 = page.getByTestId('indicator-CM-01');
  await cm01.getByRole('button', { name: 'Assess' }).click();
  const editor = page.getByRole('form', { name: 'Assess CM-01' });
  await editor.getByLabel('Status').selectOption('present');
  await editor.getByLabel('Rationale').fill('Camera off in all three interviews.');
  await expect(editor.getByText('“Present” needs evidence')).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Save assessment' })).toBeDisabled();
  await cm01.scrollIntoViewIfNeeded();
  await snap(page, 'indicators-present-needs-evidence');
  await editor.getByLabel(/E-001/).check();
  await editor.getByRole('button', { name: 'Save assessment' }).click();
  await expect(cm01.getByTestId('assessment-status')).toHaveText('Present');
  await expect(cm01).toContainText('E-001');
  await expect(page.getByTestId('risk-score')).toHaveText('15');

  // Import a log whose headers need mapping.
  await page.getByRole('tab', { name: 'Activity' }).click();
  await page.getByLabel('Login records (CSV)').setInputFiles({ name: 'vpn-logins.csv', mimeType: 'text/csv', buffer: Buffer.from(LOG) });
  const mapping = page.getByRole('table', { name: 'Column mapping' });
  await expect(mapping).toBeVisible();
  await expect(page.getByText('Map a column to timestamp')).toBeVisible();
  await page.getByLabel('Use column When (UTC) as').selectOption('timestamp');
  await page.getByLabel('Use column Client IP as').selectOption('ip');
  await page.getByLabel('Claimed time zone (IANA)').fill('America/Chicago');
  await page.getByRole('button', { name: 'Import vpn-logins.csv' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 32 events' })).toContainText('E-002');

  const findings = page.getByRole('table', { name: 'Findings' });
  const na01 = findings.getByTestId('finding').filter({ hasText: 'NA-01' }).filter({ hasText: 'countries (DE, KP)' });
  await expect(na01).toContainText('DE, KP');
  const wp01 = findings.getByTestId('finding').filter({ hasText: 'WP-01' });
  await expect(wp01).toContainText('between midnight and 06:00');
  await na01.getByRole('button', { name: 'Accept' }).click();
  await expect(na01.getByText('accepted')).toBeVisible();
  await wp01.getByRole('button', { name: 'Dismiss' }).click();
  await wp01.getByLabel('Reason').fill('Night support rota agreed with the client');
  await wp01.getByRole('button', { name: 'Dismiss' }).click();
  await expect(wp01.getByText('dismissed')).toBeVisible();
  // Analysing again keeps the officer's decisions.
  const count = await findings.getByTestId('finding').count();
  await page.getByRole('button', { name: 'Analyse again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Analysed again' })).toContainText(`${count} finding`);
  await expect(na01.getByText('accepted')).toBeVisible();
  await expect(wp01.getByText('dismissed')).toBeVisible();

  const heatmap = page.getByRole('figure', { name: /Activity by weekday and hour, America\/Chicago/ });
  await expect(heatmap).toBeVisible();
  expect(await heatmap.locator('rect[data-count]').count()).toBe(7 * 24);
  await expect(wp01.getByLabel('Reason')).toHaveCount(0);
  await page.getByRole('heading', { name: 'Findings' }).scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 500);
  await snap(page, 'activity');

  await page.getByRole('tab', { name: 'Indicators' }).click();
  await expect(page.getByTestId('indicator-NA-01').getByTestId('assessment-status')).toHaveText('Present');
  await expect(page.getByTestId('risk-score')).toHaveText('30');
  await expect(page.getByRole('table', { name: 'Score contributions' })).toContainText('NA-01');
  await snap(page, 'indicators');

  await page.getByRole('link', { name: '← Cases' }).click();
  await expect(page.getByRole('row').filter({ hasText: number })).toContainText('30');
});
