import { join } from 'node:path';
import { test, expect, snap, repoRoot } from '../fixtures.ts';

test.describe.configure({ mode: 'serial' });

const FIXTURES = join(repoRoot, 'test', 'sanctions', 'fixtures');

test('sanctions: import a list version, screen a case subject, confirm the hit, see it in the case', async ({ signedIn: page, harness }) => {
  await page.goto(`${harness.url}#/sanctions`);
  await expect(page.getByRole('heading', { name: 'Sanctions screening' })).toBeVisible();
  await expect(page.getByText('No list imported yet')).toBeVisible();

  const importForm = page.getByRole('form', { name: 'Import list' });
  await importForm.getByLabel('sdn.csv (path)').fill(join(FIXTURES, 'sdn.csv'));
  await importForm.getByLabel('alt.csv (optional)').fill(join(FIXTURES, 'alt.csv'));
  await importForm.getByLabel('add.csv (optional)').fill(join(FIXTURES, 'add.csv'));
  await importForm.getByLabel('Published (YYYY-MM-DD)').fill('2026-01-15');
  await importForm.getByRole('button', { name: 'Import list version' }).click();
  await expect(importForm.getByRole('status')).toContainText('Imported list version 1 (published 2026-01-15): 13 entries');
  await expect(importForm.getByTestId('orphans')).toContainText('2 aliases (alt.csv) and 1 address (add.csv) belong to entries that are not in this sdn.csv');
  await expect(importForm.getByTestId('orphans')).toContainText('normal when the files were downloaded at different times');
  await expect(page.getByRole('table', { name: 'List versions' }).getByRole('row')).toHaveCount(2);

  const screen = page.getByRole('form', { name: 'Screen a name or identifier' });
  await screen.getByLabel('Name', { exact: true }).fill('Cholsu Park');
  await screen.getByRole('button', { name: 'Screen', exact: true }).click();
  const hit = page.getByRole('table', { name: 'Screening hits' }).getByTestId('sanctions-hit').first();
  await expect(hit).toContainText('PAK, Chol Su');
  await expect(hit).toContainText('1.000');
  await expect(hit).toContainText('words in another order');
  await snap(page, 'sanctions-page');

  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Freelancer paid to a USDT wallet');
  expect(created.code, created.stderr).toBe(0);
  const number = (JSON.parse(created.stdout) as { number: string }).number;
  const subject = await harness.cli('--user', 'Olivia Officer', 'subjects', 'add', number, '--name', 'Chol-su Park');
  expect(subject.code, subject.stderr).toBe(0);

  await page.goto(`${harness.url}#/case/${number}/sanctions`);
  await expect(page.getByRole('tab', { name: 'Sanctions' })).toBeVisible();
  await expect(page.getByText('Not screened yet')).toBeVisible();
  await page.getByRole('button', { name: 'Screen subjects and identifiers' }).click();
  const caseHit = page.getByRole('region', { name: 'Latest screening' }).getByTestId('sanctions-hit').first();
  await expect(caseHit).toContainText('PAK, Chol Su');
  await expect(caseHit).toContainText('new');
  // The listed entry opens beside the subject, the fields that agree and differ marked.
  await caseHit.getByRole('button', { name: 'Compare with the listing' }).click();
  const compare = page.getByRole('table', { name: 'Listed entry and subject compared' });
  await expect(compare.getByRole('row', { name: /Names and aliases/ })).toContainText('agrees');
  await expect(compare).toContainText('PAK, Chol Su');
  await caseHit.getByRole('button', { name: 'Confirm match…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirm a sanctions match' });
  await expect(confirm).toContainText('Chol-su Park');
  await confirm.getByLabel('What shows it is the same person or entity').fill('Same DOB and passport photo as the listing.');
  await confirm.getByRole('button', { name: 'Confirm: Chol-su Park is PAK, Chol Su' }).click();
  await expect(caseHit).toContainText('Confirmed match');
  await expect(caseHit).toContainText('Same DOB and passport photo as the listing.');
  await snap(page, 'sanctions-case-tab');

  await page.getByRole('tab', { name: 'Evidence' }).click();
  await expect(page.getByText(/Sanctions screening: OFAC SDN list version 1/).first()).toBeVisible();
  const checklist = await harness.cli('indicators', 'show', number);
  expect(checklist.code, checklist.stderr).toBe(0);
  const en01 = (JSON.parse(checklist.stdout) as { items: { indicator: { id: string }; assessment: { status: string } }[] }).items.find((i) => i.indicator.id === 'EN-01');
  expect(en01?.assessment.status).toBe('present');

  // A new list version adds KANG, Sang Man (ent_num 1014); the case gains a subject of that name.
  const second = await harness.cli('--user', 'Olivia Officer', 'subjects', 'add', number, '--name', 'Kang Sangman');
  expect(second.code, second.stderr).toBe(0);
  await page.goto(`${harness.url}#/sanctions`);
  await importForm.getByLabel('sdn.csv (path)').fill(join(FIXTURES, 'sdn-v2.csv'));
  await importForm.getByLabel('alt.csv (optional)').fill(join(FIXTURES, 'alt.csv'));
  await importForm.getByLabel('add.csv (optional)').fill(join(FIXTURES, 'add.csv'));
  await importForm.getByLabel('Published (YYYY-MM-DD)').fill('2026-02-01');
  await importForm.getByRole('button', { name: 'Import list version' }).click();
  await expect(importForm.getByRole('status')).toContainText('Imported list version 2 (published 2026-02-01): 14 entries');
  await expect(page.getByRole('table', { name: 'List versions' }).getByRole('row')).toHaveCount(3);
  await importForm.getByRole('button', { name: 'Re-screen open cases against version 2' }).click();

  const rescreen = page.getByRole('region', { name: 'Re-screen open cases' });
  await expect(rescreen.getByRole('status')).toContainText('1 open case(s) re-screened against list version 2 (published 2026-02-01); 1 with new hits to review.');
  const row = rescreen.getByRole('table', { name: 'Re-screening results' }).getByTestId('rescreen-case');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(number);
  await expect(row).toContainText('1 new');
  await expect(row).toContainText('“Kang Sangman” → KANG, Sang Man (ent_num 1014)');
  await expect(row).not.toContainText('PAK, Chol Su');
  await snap(page, 'sanctions-rescreen');

  // In the case, the re-screening's new hit is flagged new and the earlier decision is kept.
  await row.getByRole('link', { name: number }).click();
  await expect(page.getByRole('tab', { name: 'Sanctions' })).toBeVisible();
  const hits = page.getByRole('region', { name: 'Latest screening' }).getByTestId('sanctions-hit');
  await expect(hits.filter({ hasText: 'KANG, Sang Man' })).toContainText('new');
  await expect(hits.filter({ hasText: 'PAK, Chol Su' })).toContainText('Confirmed match');

  // The page's own button does the same on demand; the second time nothing is new.
  await page.goto(`${harness.url}#/sanctions`);
  await rescreen.getByRole('button', { name: 'Re-screen open cases', exact: true }).click();
  await expect(rescreen.getByRole('status')).toContainText('1 open case(s) re-screened against list version 2 (published 2026-02-01); no new hits.');
  await expect(rescreen.getByTestId('rescreen-case')).toContainText('nothing new');
});
