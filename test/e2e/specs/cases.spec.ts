import { test, expect, snap } from '../fixtures.ts';
import { INDICATORS } from '../../../shared/indicators/catalog.ts';

const INDICATOR_IDS = INDICATORS.map((i) => i.id);

test.describe.configure({ mode: 'serial' });

test('create a case with the keyboard, find it by search, sort the list', async ({ signedIn: page, harness }) => {
  const seeded = await harness.cli('seed', '--cases', '60');
  expect(seeded.code, seeded.stderr).toBe(0);
  await page.reload();
  await expect(page.getByText('60 cases')).toBeVisible();

  await page.keyboard.press('Control+n');
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await dialog.getByLabel('Title').fill('Zephyr Quanto, React contractor: payout to a third-party account');
  await dialog.getByLabel('Priority').selectOption('critical');
  await dialog.getByLabel('Tags (comma-separated)').fill('payroll, Upwork');
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('heading', { name: /Zephyr Quanto/ })).toBeVisible();
  const number = (await page.locator('h1 .mono').textContent())!;
  expect(number).toMatch(/^CB-2026-\d{4}$/);

  await page.getByRole('link', { name: '← Cases' }).click();
  await expect(page.getByRole('grid', { name: 'Cases' })).toBeVisible();
  await page.keyboard.press('Control+f');
  await expect(page.getByLabel('Search cases')).toBeFocused();
  await page.keyboard.type('Zephyr');
  await expect(page.getByText('1 case', { exact: true })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: number })).toBeVisible();

  await page.getByLabel('Search cases').fill('');
  await expect(page.getByText('61 cases')).toBeVisible();
  await page.getByRole('columnheader', { name: /Priority/ }).getByRole('button').click();
  await page.getByRole('columnheader', { name: /Priority/ }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Priority/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('row').nth(1)).toContainText('critical');

  // A remediation task past its due date shows on the list.
  const task = await harness.cli('--user', 'Olivia Officer', 'tasks', 'add', number, '--kind', 'revoke_access', '--owner', 'IT', '--due', '2024-01-31');
  expect(task.code, task.stderr).toBe(0);
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: number }).getByText('1 overdue')).toBeVisible();
  await snap(page, 'case-list');

  // The view is remembered between starts.
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(page.getByRole('columnheader', { name: /Priority/ })).toHaveAttribute('aria-sort', 'descending');

  // Arrow keys and Enter open a case from the list (once the reloaded list has settled: a key
  // pressed while it still loads would move a selection that the loaded list then resets).
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('row', { selected: true })).toHaveAttribute('aria-rowindex', '1');
  await page.getByRole('grid', { name: 'Cases' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('row', { selected: true })).toHaveAttribute('aria-rowindex', '2');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible();
});

test('change status with a closing note and see it in the audit tab', async ({ signedIn: page, harness }) => {
  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Status walk-through case', '--priority', 'high');
  const { number } = JSON.parse(created.stdout) as { number: string };
  await page.goto(`${harness.url}#/case/${number}/overview`);
  await expect(page.getByRole('heading', { name: /Status walk-through case/ })).toBeVisible();

  await page.getByRole('button', { name: 'Start investigating' }).click();
  await expect(page.locator('.case-meta')).toContainText('Investigating');
  await page.getByRole('button', { name: 'Send to legal review' }).click();
  await expect(page.locator('.case-meta')).toContainText('Pending legal review');
  // Deciding needs every indicator assessed; here they are all marked not applicable through the API.
  await page.getByRole('button', { name: 'Mark decided' }).click();
  await expect(page.getByRole('alert')).toContainText('not assessed');
  const failures = await page.evaluate(async ({ number, ids }) => {
    const out: unknown[] = [];
    for (const indicator of ids) {
      const r = await window.casebook.invoke('indicators.assess', { number, indicator, status: 'not_applicable', rationale: 'Not relevant here.' });
      if (!r.ok) out.push(r.error);
    }
    return out;
  }, { number, ids: INDICATOR_IDS });
  expect(failures).toEqual([]);
  await page.getByRole('button', { name: 'Mark decided' }).click();
  await expect(page.locator('.case-meta')).toContainText('Decided');

  await page.getByRole('button', { name: 'Close case' }).click();
  const dialog = page.getByRole('dialog', { name: `Close ${number}` });
  await dialog.getByRole('button', { name: 'Close case' }).click();
  await expect(dialog.getByRole('alert')).toContainText('closing note');
  await dialog.getByLabel(/Closing note/).fill('Identity verified in person; no further concern.');
  await dialog.getByRole('button', { name: 'Close case' }).click();
  await expect(page.locator('.case-meta')).toContainText('Closed');
  await expect(page.getByText(/read-only until it is reopened/)).toBeVisible();

  await page.getByRole('tab', { name: 'Audit' }).click();
  const closedRow = page.getByRole('row').filter({ hasText: 'case closed' });
  await expect(closedRow).toContainText('Olivia Officer');
  await expect(closedRow).toContainText('decided');
  await expect(closedRow).toContainText('Identity verified in person');
  await snap(page, 'case-audit');
});

test('a stale autosave gets a conflict instead of overwriting newer text', async ({ signedIn: page, harness }) => {
  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Conflict case', '--summary', 'First draft.');
  const { number } = JSON.parse(created.stdout) as { number: string };
  await page.goto(`${harness.url}#/case/${number}/overview`);
  const summary = page.getByLabel('Summary');
  await expect(summary).toHaveValue('First draft.');

  // Someone else saves a newer summary while this page still holds version 1: a colleague the administrator adds.
  const added = await harness.cli('--user', 'Olivia Officer', 'users', 'add', 'Mark Colleague', '--role', 'officer');
  expect(added.code, added.stderr).toBe(0);
  const other = await harness.cli('--user', 'Mark Colleague', 'cases', 'edit', number, '--summary', 'Colleague text that must survive.');
  expect(other.code, other.stderr).toBe(0);

  await summary.fill('My text that must not be lost.');
  await expect(page.getByText('Someone else saved this case while you were editing')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Not saved: conflict');
  await expect(page.locator('.conflict')).toContainText('My text that must not be lost.');
  await expect(page.locator('.conflict')).toContainText('Colleague text that must survive.');
  await snap(page, 'case-conflict');

  const stored = JSON.parse((await harness.cli('cases', 'show', number)).stdout) as { summary: string };
  expect(stored.summary).toBe('Colleague text that must survive.');

  await page.getByRole('button', { name: 'Save mine over the newer version' }).click();
  await expect(page.getByTestId('save-state')).toHaveText(/^Saved/);
  const after = JSON.parse((await harness.cli('cases', 'show', number)).stdout) as { summary: string; audit: { action: string; actor: string }[] };
  expect(after.summary).toBe('My text that must not be lost.');
  expect(after.audit.filter((e) => e.action === 'updated').map((e) => e.actor)).toEqual(['Mark Colleague', 'Olivia Officer']);
  await snap(page, 'case-page');
});
