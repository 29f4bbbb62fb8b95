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
  await expect(importForm.getByRole('status')).toContainText('2 alias(es) and 1 address(es) name entries absent from sdn.csv');
  await expect(page.getByRole('table', { name: 'List versions' }).getByRole('row')).toHaveCount(2);

  const screen = page.getByRole('form', { name: 'Screen a name or identifier' });
  await screen.getByLabel('Name', { exact: true }).fill('Cholsu Park');
  await screen.getByRole('button', { name: 'Screen', exact: true }).click();
  const hit = page.getByRole('table', { name: 'Screening hits' }).getByTestId('sanctions-hit').first();
  await expect(hit).toContainText('PAK, Chol Su');
  await expect(hit).toContainText('1.000');
  await expect(hit).toContainText('given names joined or split');
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
  await caseHit.getByRole('textbox').fill('Same DOB and passport photo as the listing.');
  await caseHit.getByRole('button', { name: 'Confirm match' }).click();
  await expect(caseHit).toContainText('Confirmed match');
  await expect(caseHit).toContainText('Same DOB and passport photo as the listing.');
  await snap(page, 'sanctions-case-tab');

  await page.getByRole('tab', { name: 'Evidence' }).click();
  await expect(page.getByText(/Sanctions screening: OFAC SDN list version 1/).first()).toBeVisible();
  const checklist = await harness.cli('indicators', 'show', number);
  expect(checklist.code, checklist.stderr).toBe(0);
  const en01 = (JSON.parse(checklist.stdout) as { items: { indicator: { id: string }; assessment: { status: string } }[] }).items.find((i) => i.indicator.id === 'EN-01');
  expect(en01?.assessment.status).toBe('present');
});
