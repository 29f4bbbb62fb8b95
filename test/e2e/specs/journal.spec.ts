import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, snap } from '../fixtures.ts';

test.describe.configure({ mode: 'serial' });

type Cli = (...a: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

async function run<T = Record<string, unknown>>(cli: Cli, ...args: string[]): Promise<T> {
  const r = await cli('--user', 'Olivia Officer', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** Neither the document nor the content pane is wider than the window. */
async function fits(page: Page) {
  const over = await page.evaluate(() => [document.documentElement, document.querySelector('.content')].filter((e): e is Element => !!e).map((e) => e.scrollWidth - e.clientWidth));
  const culprits = over.some((d) => d > 0)
    ? await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))
          .slice(0, 5)
          .map((e) => `${e.tagName}.${e.className}`),
      )
    : [];
  expect(over.every((d) => d <= 0), `too wide by ${over.join('/')} px: ${culprits.join(', ')}`).toBe(true);
}

async function both(page: Page, name: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await snap(page, `${name}-1440`);
  await fits(page);
  await page.setViewportSize({ width: 1024, height: 700 });
  await snap(page, `${name}-1024`);
  await fits(page);
  await page.setViewportSize({ width: 1440, height: 900 });
}

let number = '';

test('timeline: records and the officer\'s entries in order, filter by kind, add, edit and export', async ({ signedIn: page, harness }) => {
  test.setTimeout(180_000);
  number = (await run(harness.cli, 'cases', 'create', '--title', 'Contractor paid through Payoneer', '--priority', 'high')).number as string;
  await run(harness.cli, 'subjects', 'add', number, '--name', 'Daniel Moorland', '--nationality', 'US');
  await run(harness.cli, 'evidence', 'note', number, '--title', 'Interview notes: camera off', '--text', 'Camera off for the whole interview.', '--acquired-at', '2024-02-10T15:00:00Z');
  await run(harness.cli, 'payments', 'add', number, '--date', '2024-02-20', '--amount', '4200.00', '--currency', 'USD', '--rail', 'bank_wire', '--payee', 'John Smith');
  await run(harness.cli, 'timeline', 'add', number, '--at', '2024-01-15T09:30:00+09:00', '--text', 'Offer letter signed (per HR)', '--exhibit', 'E-001');
  await run(harness.cli, 'cases', 'status', number, '--to', 'investigating');

  await page.goto(`${harness.url}#/case/${number}/timeline`);
  const rows = page.getByTestId('timeline-row');
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toContainText('2024-01-15 09:30 +09:002024-01-15 00:30 UTC');
  await expect(rows.nth(0)).toContainText('Offer letter signed (per HR)');
  await expect(rows.nth(1)).toContainText('Evidence acquired: Interview notes: camera off');
  await expect(rows.nth(2)).toContainText('Payment of USD 4,200.00 to John Smith');
  // Each entry links to where it comes from.
  await expect(rows.nth(1).getByRole('link', { name: 'E-001' }).first()).toHaveAttribute('href', `#/case/${number}/evidence`);

  await page.getByRole('button', { name: 'Add an entry' }).click();
  const form = page.getByRole('form', { name: 'Add an entry' });
  await form.getByLabel('Date').fill('2024-03-04');
  await form.getByLabel('Time', { exact: true }).fill('18:45');
  await form.getByLabel('Time zone').fill('America/New_York');
  await form.getByLabel('What happened').fill('Laptop re-shipped to a freight forwarder in Dover, DE');
  await form.getByRole('checkbox', { name: /E-001/ }).check();
  await form.getByRole('button', { name: 'Add to the timeline' }).click();
  await expect(page.getByText('Entry added to the timeline.')).toBeVisible();
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(3)).toContainText('2024-03-04 18:45 America/New_York2024-03-04 23:45 UTC');

  await rows.nth(3).getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: /Edit entry/ });
  await edit.getByLabel('What happened').fill('Laptop re-shipped to a freight forwarder in Dover, Delaware');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Entry saved.')).toBeVisible();
  await expect(rows.nth(3)).toContainText('Dover, Delaware');

  await page.getByRole('checkbox', { name: /Case status/ }).uncheck();
  await page.getByRole('checkbox', { name: /Payment/ }).uncheck();
  await expect(rows).toHaveCount(3);
  await both(page, 'timeline');

  await page.getByLabel('Save the timeline as CSV to').fill(join(harness.dir, 'timeline.csv'));
  await page.getByRole('button', { name: /Export CSV/ }).click();
  await expect(page.getByText(/Saved 3 entries to/)).toBeVisible();
  const csv = readFileSync(join(harness.dir, 'timeline.csv'), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('at_utc,until_utc,as_given,kind,what_happened,source,exhibits');
  expect(csv).toContain('Dover, Delaware');
});

test('notes: Markdown shown safely, linked records, edit by the author, found by the case search', async ({ signedIn: page, harness }) => {
  test.setTimeout(120_000);
  await run(harness.cli, 'notes', 'add', number, '--text', 'Called the **staffing firm**. Their contact <b>refused</b> to confirm the address.\n\n- payroll via [Payoneer](https://payoneer.example/abc)\n- <img src=x onerror=alert(1)>\n', '--indicator', 'PY-01');
  await page.goto(`${harness.url}#/case/${number}/notes`);
  const note = page.getByTestId('note').first();
  await expect(note.locator('strong')).toHaveText('staffing firm');
  // Raw HTML is dropped, never run; a link shows its address and is not a link.
  await expect(note.locator('b, img, a[href^="https"]')).toHaveCount(0);
  await expect(note).toContainText('Payoneer (https://payoneer.example/abc)');
  await expect(note.getByRole('link', { name: 'PY-01' })).toHaveAttribute('href', `#/case/${number}/indicators`);

  const compose = page.getByRole('form', { name: 'Add a note' });
  await compose.getByLabel('Note', { exact: true }).fill('Reference check with *Globex* came back **negative**.\n\n> No one there remembers him.');
  await compose.getByText(/Link exhibits, identifiers and indicators/).click();
  await compose.getByRole('checkbox', { name: /E-001/ }).check();
  await compose.getByRole('button', { name: 'Preview' }).click();
  await expect(compose.getByLabel('Preview').locator('blockquote')).toHaveText('No one there remembers him.');
  await compose.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByText('Note added.')).toBeVisible();
  await expect(page.getByTestId('note')).toHaveCount(2);

  await page.getByTestId('note').first().getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: /Edit your note/ });
  await edit.getByLabel('Note', { exact: true }).fill('Reference check with *Globex Corporation* came back **negative**.');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(/Note saved/)).toBeVisible();
  await expect(page.getByTestId('note').first()).toContainText('edited');
  await both(page, 'notes');

  await page.goto(`${harness.url}#/cases`);
  await page.getByLabel('Search cases').fill('Globex Corporation');
  await expect(page.getByRole('gridcell').filter({ hasText: number })).toBeVisible();
});

test('observables: every identifier in one table, bulk paste with the bad lines listed, sort, filter, CSV export', async ({ signedIn: page, harness }) => {
  test.setTimeout(120_000);
  const other = (await run(harness.cli, 'cases', 'create', '--title', 'Second applicant')).number as string;
  await run(harness.cli, 'identifiers', 'add', other, '--kind', 'ip', '--value', '198.51.100.7');
  await page.goto(`${harness.url}#/case/${number}/observables`);
  await expect(page.getByText('No identifiers yet')).toBeVisible();
  const paste = page.getByLabel('Paste one value per line');
  await paste.fill(['daniel.moorland@example.com', '+1 650 253 0000', '198.51.100.7', 'not an address at all', '0xABCDEF0123456789ABCDEF0123456789ABCDEF0', 'https://github.com/dmoorland'].join('\n'));
  await page.getByLabel('Subject (for every value)').selectOption({ label: 'Daniel Moorland' });
  await page.getByRole('button', { name: 'Check and add' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'Nothing was added' });
  await expect(refused).toContainText('2 lines are not valid');
  await expect(refused).toContainText('Line 4: not an address at all');
  await expect(refused).toContainText('Line 5: 0xABCDEF0123456789ABCDEF0123456789ABCDEF0 — Crypto wallet is not an Ethereum address');
  await expect(page.getByTestId('observable-row')).toHaveCount(0);
  await snap(page, 'observables-rejected-1440');

  await paste.fill(['daniel.moorland@example.com', '+1 650 253 0000', '198.51.100.7', 'USDT-TRON:TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', 'https://github.com/dmoorland', 'KP:912345678'].join('\n'));
  await page.getByRole('button', { name: 'Check and add' }).click();
  await expect(page.getByText('Added 6 identifiers.')).toBeVisible();
  const rows = page.getByTestId('observable-row');
  await expect(rows).toHaveCount(6);
  await expect(rows.filter({ hasText: '198.51.100.7' })).toContainText(other);
  await expect(rows.filter({ hasText: '198.51.100.7' })).toContainText('Daniel Moorland');

  await page.getByRole('button', { name: 'Sort by value' }).click();
  await expect(rows.first()).toContainText('+1 650 253 0000');
  await page.getByRole('button', { name: 'Sort by value' }).click();
  await expect(rows.first()).toContainText('USDT-TRON:TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7'.slice(10));
  await page.getByRole('button', { name: 'Sort by other cases' }).click();
  await expect(rows.first()).toContainText(other);
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Crypto wallet' });
  await expect(rows).toHaveCount(1);
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'All kinds' });
  await page.getByLabel('Find', { exact: true }).fill('github');
  await expect(rows).toHaveCount(1);
  await page.getByLabel('Find', { exact: true }).fill('');
  await both(page, 'observables');

  await page.getByLabel('Save the identifiers as CSV to').fill(join(harness.dir, 'ids.csv'));
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByText(/Saved 6 identifiers to/)).toBeVisible();
  const csv = readFileSync(join(harness.dir, 'ids.csv'), 'utf8');
  expect(csv).toContain("phone,'+1 650 253 0000,,Daniel Moorland,");

  // The file imports back into another case through the file picker.
  writeFileSync(join(harness.dir, 'ids-import.csv'), csv);
  await page.goto(`${harness.url}#/case/${other}/observables`);
  await page.getByLabel('Or import a CSV file').setInputFiles(join(harness.dir, 'ids-import.csv'));
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was added' })).toContainText('no subject named "Daniel Moorland"');
});

test('network: a confirmed sanctions match is a node tied to what matched', async ({ signedIn: page, harness }) => {
  test.setTimeout(120_000);
  const fx = (n: string) => join(import.meta.dirname, '..', '..', 'sanctions', 'fixtures', n);
  await run(harness.cli, 'sanctions', 'import', '--sdn', fx('sdn.csv'), '--alt', fx('alt.csv'), '--add', fx('add.csv'), '--published', '2026-01-15');
  const c = (await run(harness.cli, 'cases', 'create', '--title', 'USDT payouts')).number as string;
  const s = (await run(harness.cli, 'subjects', 'add', c, '--name', 'Cholsu Park')).id as number;
  await run(harness.cli, 'identifiers', 'add', c, '--kind', 'wallet', '--value', '0xABCDEF0123456789ABCDEF0123456789ABCDEF01', '--subject', String(s));
  const screening = await run<{ hits: { id: number; queryKind: string }[] }>(harness.cli, 'sanctions', 'screen-case', c);
  for (const h of screening.hits) await run(harness.cli, 'sanctions', 'confirm', c, String(h.id), '--reason', 'Same person as listed.');
  await page.goto(`${harness.url}#/case/${c}/graph`);
  await expect(page.getByTestId('graph-counts')).toContainText('1 confirmed sanctions match');
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('confirmed sanctions match');
  await page.waitForTimeout(500);
  await snap(page, 'graph-sanctions-1440');
});
