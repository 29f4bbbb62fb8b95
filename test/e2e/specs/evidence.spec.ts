import { createHash } from 'node:crypto';
import { test, expect, snap } from '../fixtures.ts';

test.describe.configure({ mode: 'serial' });

const EMAIL = 'Zephyr.Quanto@Example.COM';
const EMAIL_NORMALISED = 'zephyr.quanto@example.com';

async function createCase(cli: (...a: string[]) => Promise<{ code: number; stdout: string; stderr: string }>, title: string): Promise<string> {
  const r = await cli('--user', 'Olivia Officer', 'cases', 'create', '--title', title, '--priority', 'high');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { number: string }).number;
}

test('subjects and identifiers: invalid value refused, shared e-mail links two cases', async ({ signedIn: page, harness }) => {
  const a = await createCase(harness.cli, 'Case A: contractor with a third-party payout');
  const b = await createCase(harness.cli, 'Case B: second applicant, same mailbox');

  await page.goto(`${harness.url}#/case/${a}/subjects`);
  await expect(page.getByRole('tab', { name: 'Subjects & identifiers' })).toBeVisible();
  const subjectForm = page.getByRole('form', { name: 'Add subject' });
  await subjectForm.getByLabel('Name').fill('Zephyr Quanto');
  await subjectForm.getByLabel('Nationality (country code)').fill('KP');
  await subjectForm.getByLabel('Location').fill('Dandong');
  await subjectForm.getByLabel('Time zone (IANA)').fill('Asia/Shanghai');
  await subjectForm.getByRole('button', { name: 'Add subject' }).click();
  const subjects = page.getByRole('table', { name: 'Subjects' });
  await expect(subjects.getByRole('row').filter({ hasText: 'Zephyr Quanto' })).toContainText('Asia/Shanghai');

  const identForm = page.getByRole('form', { name: 'Add identifier' });
  await identForm.getByLabel('Kind').selectOption('email');
  await identForm.getByLabel('Value').fill('not an e-mail');
  await identForm.getByRole('button', { name: 'Add identifier' }).click();
  await expect(identForm.getByRole('alert')).toContainText('Not a valid e-mail');
  await expect(page.getByTestId('identifier')).toHaveCount(0);

  await identForm.getByLabel('Value').fill(EMAIL);
  await identForm.getByLabel('Subject (optional)').selectOption({ label: 'Zephyr Quanto' });
  await identForm.getByRole('button', { name: 'Add identifier' }).click();
  await expect(subjects.getByTestId('identifier')).toContainText(EMAIL_NORMALISED);
  await expect(page.getByTestId('identifier')).not.toContainText('also in');

  const added = await harness.cli('--user', 'Olivia Officer', 'identifiers', 'add', b, '--kind', 'email', '--value', EMAIL_NORMALISED);
  expect(added.code, added.stderr).toBe(0);
  expect((JSON.parse(added.stdout) as { links: { caseNumber: string }[] }).links.map((l) => l.caseNumber)).toContain(a);

  await page.reload();
  const identifier = page.getByTestId('identifier').filter({ hasText: EMAIL_NORMALISED });
  await expect(identifier).toContainText(`also in ${b}`);
  const linked = page.getByRole('table', { name: 'Linked cases' });
  await expect(linked.getByRole('row').filter({ hasText: b })).toContainText(EMAIL_NORMALISED, { ignoreCase: true });
  await snap(page, 'subjects');

  await identifier.getByRole('link', { name: b }).click();
  await expect(page).toHaveURL(new RegExp(`#/case/${b}/subjects$`));
  await expect(page.getByRole('heading', { name: /Case B: second applicant/ })).toBeVisible();
  await expect(page.getByTestId('identifier').filter({ hasText: EMAIL_NORMALISED })).toContainText(`also in ${a}`);
});

test('evidence: upload a text file, see its SHA-256, preview, custody, verify', async ({ signedIn: page, harness }) => {
  const number = await createCase(harness.cli, 'Evidence walk-through case');
  const text = 'Interview notes, 2026-03-01\nSubject asked for payment to a Payoneer account in another name.\n';
  const buffer = Buffer.from(text, 'utf8');
  const sha256 = createHash('sha256').update(buffer).digest('hex');

  await page.goto(`${harness.url}#/case/${number}/evidence`);
  await expect(page.getByText('No exhibits yet.')).toBeVisible();
  await page.getByLabel('Add files').setInputFiles({ name: 'interview-notes.txt', mimeType: 'text/plain', buffer });
  const row = page.getByRole('table', { name: 'Exhibits' }).getByRole('row').filter({ hasText: 'E-001' });
  await expect(row.getByTestId('sha256')).toHaveText(sha256);
  await expect(row).toContainText('text/plain');
  await expect(row).toContainText(`${buffer.length} B`);

  // The same file again is recognised, not stored a second time.
  await page.getByLabel('Add files').setInputFiles({ name: 'copy.txt', mimeType: 'text/plain', buffer });
  await expect(page.getByRole('status').filter({ hasText: 'Already in this case' })).toContainText('E-001');
  await expect(page.getByRole('table', { name: 'Exhibits' }).getByRole('row')).toHaveCount(2);

  const urlForm = page.getByRole('form', { name: 'Add URL record' });
  await urlForm.getByLabel('Web address').fill('https://www.upwork.com/freelancers/~01zephyr');
  await urlForm.getByLabel('URL title').fill('Upwork profile');
  await urlForm.getByRole('button', { name: 'Add URL record' }).click();
  await expect(page.getByRole('table', { name: 'Exhibits' }).getByRole('row').filter({ hasText: 'E-002' })).toContainText('Upwork profile');

  await row.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('pre.exhibit-text')).toContainText('Payoneer account in another name');
  await row.getByRole('button', { name: 'Custody' }).click();
  const custody = page.getByRole('table', { name: 'Custody log' });
  await expect(custody).toContainText('added');
  await expect(custody).toContainText('viewed');

  await page.getByRole('button', { name: 'Verify exhibits' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'verified' })).toContainText('hashes match');
  await snap(page, 'evidence');
});

type Invoke = (channel: string, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>;

test('subject with aliases and platforms, edited; a stale edit is refused; a dropped file is linked to the subject', async ({ signedIn: page, harness }) => {
  const number = await createCase(harness.cli, 'Subject edit and exhibit links');
  await page.goto(`${harness.url}#/case/${number}/subjects`);
  const addForm = page.getByRole('form', { name: 'Add subject' });
  await addForm.getByLabel('Name').fill('Kim Min-jun');
  await addForm.getByLabel('Aliases (comma-separated)').fill('Jason Miller,  J. Miller ,');
  await addForm.getByLabel('Platforms where met (comma-separated)').fill('Upwork, LinkedIn');
  await addForm.getByLabel('Notes').fill('Camera always off in interviews.');
  await addForm.getByRole('button', { name: 'Add subject' }).click();
  const subjects = page.getByRole('table', { name: 'Subjects' });
  const row = subjects.getByRole('row').filter({ hasText: 'Kim Min-jun' });
  await expect(row).toContainText('aka Jason Miller, J. Miller');
  await expect(row).toContainText('Upwork, LinkedIn');
  await expect(row).toContainText('Camera always off');

  // Edit: the form starts from the stored fields, and the saved change shows in the table.
  await row.getByRole('button', { name: 'Edit Kim Min-jun' }).click();
  const editForm = page.getByRole('form', { name: 'Edit subject Kim Min-jun' });
  await expect(editForm.getByLabel('Aliases (comma-separated)')).toHaveValue('Jason Miller, J. Miller');
  await editForm.getByLabel('Platforms where met (comma-separated)').fill('Upwork, LinkedIn, Telegram');
  await editForm.getByLabel('Location').fill('Shenyang');
  await editForm.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved subject Kim Min-jun' })).toBeVisible();
  await expect(row).toContainText('Upwork, LinkedIn, Telegram');
  await expect(row).toContainText('Shenyang');

  // A stale edit: someone else changes the subject after this form was opened; saving is refused and the text stays.
  await row.getByRole('button', { name: 'Edit Kim Min-jun' }).click();
  await editForm.getByLabel('Location').fill('Dandong');
  const other = await page.evaluate(async (caseNumber) => {
    const invoke = (window as unknown as { casebook: { invoke: Invoke } }).casebook.invoke;
    const list = await invoke('subjects.list', { number: caseNumber });
    const s = (list.value as { id: number; version: number }[])[0]!;
    return invoke('subjects.update', { number: caseNumber, id: s.id, version: s.version, patch: { location: 'Pyongyang' } });
  }, number);
  expect(other.ok, other.error?.message).toBe(true);
  await editForm.getByRole('button', { name: 'Save changes' }).click();
  await expect(editForm.getByRole('alert')).toContainText('was changed since you started editing');
  await expect(editForm.getByLabel('Location')).toHaveValue('Dandong');
  await snap(page, 'subjects-edit');
  await editForm.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(row).toContainText('Pyongyang');
  await expect(row).not.toContainText('Dandong');

  // Drag and drop a file onto the drop zone: it is stored and its SHA-256 shown.
  await page.getByRole('tab', { name: 'Evidence' }).click();
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['dropped bytes'], 'dropped.txt', { type: 'text/plain' }));
    return dt;
  });
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  const exhibit = page.getByRole('table', { name: 'Exhibits' }).getByRole('row').filter({ hasText: 'E-001' });
  await expect(exhibit).toContainText('dropped.txt');
  await expect(exhibit.getByTestId('sha256')).toHaveText(createHash('sha256').update('dropped bytes').digest('hex'));

  await exhibit.getByLabel('Link E-001 to subject').selectOption({ label: 'Kim Min-jun' });
  await expect(page.getByRole('status').filter({ hasText: 'Linked E-001 to Kim Min-jun' })).toBeVisible();
  await expect(exhibit.locator('.exhibit-subjects')).toContainText('Kim Min-jun');
  await expect(exhibit.getByLabel('Link E-001 to subject')).toHaveCount(0);
  const listed = JSON.parse((await harness.cli('evidence', 'list', number)).stdout) as { number: string; subjects: { name: string }[] }[];
  expect(listed.find((x) => x.number === 'E-001')?.subjects.map((s) => s.name)).toEqual(['Kim Min-jun']);

  // Removing an identifier needs a reason: too short a reason is refused by the core, a real one removes it.
  const subjectId = (JSON.parse((await harness.cli('subjects', 'list', number)).stdout) as { id: number }[])[0]!.id;
  const ident = await harness.cli('--user', 'Olivia Officer', 'identifiers', 'add', number, '--kind', 'email', '--value', 'kim.mj@example.net', '--subject', String(subjectId));
  expect(ident.code, ident.stderr).toBe(0);
  await page.getByRole('tab', { name: 'Subjects & identifiers' }).click();
  const identifier = page.getByTestId('identifier').filter({ hasText: 'kim.mj@example.net' });
  await identifier.getByRole('button', { name: 'Remove kim.mj@example.net' }).click();
  const removeForm = identifier.getByRole('form', { name: 'Remove kim.mj@example.net' });
  await removeForm.getByLabel('Reason for removing').fill('no');
  await removeForm.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('must say why');
  await expect(identifier).toHaveCount(1);
  await removeForm.getByLabel('Reason for removing').fill('Typed into the wrong case');
  await removeForm.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed E-mail kim.mj@example.net' })).toBeVisible();
  await expect(page.getByTestId('identifier')).toHaveCount(0);
});
