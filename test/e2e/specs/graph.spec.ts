import { test, expect, snap } from '../fixtures.ts';

test.describe.configure({ mode: 'serial' });

type Cli = (...a: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

async function run(cli: Cli, ...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli('--user', 'Olivia Officer', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test('network tab: five applicants sharing one payout account and one shipping address', async ({ signedIn: page, harness }) => {
  test.setTimeout(120_000);
  const names = ['Ava Lindqvist', 'Ben Okafor', 'Chen Wei', 'Dmitri Sokol', 'Elena Marsh'];
  const numbers: string[] = [];
  for (const name of names) numbers.push((await run(harness.cli, 'cases', 'create', '--title', `Applicant ${name}`, '--priority', 'high')).number as string);
  await Promise.all(names.map(async (name, i) => {
    const number = numbers[i]!;
    const subject = (await run(harness.cli, 'subjects', 'add', number, '--name', name, '--role', 'worker')).id as number;
    await run(harness.cli, 'identifiers', 'add', number, '--kind', 'payment_account', '--value', 'payouts.global@example.com', '--provider', 'Payoneer', '--subject', String(subject));
    await run(harness.cli, 'identifiers', 'add', number, '--kind', 'address', '--value', '14 Harbour Road, Unit 7, Dover DE 19901', '--subject', String(subject));
  }));
  await run(harness.cli, 'identifiers', 'add', numbers[0]!, '--kind', 'email', '--value', 'ava.lindqvist@example.com');

  await page.goto(`${harness.url}#/case/${numbers[0]}/overview`);
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page).toHaveURL(new RegExp(`#/case/${numbers[0]}/graph$`));
  await expect(page.getByTestId('graph-counts')).toHaveText('5 cases · 5 subjects · 2 shared identifiers · 1 other identifier');
  await expect(page.getByTestId('network-graph').locator('canvas').first()).toBeAttached();
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Payment account');
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Shipping address');
  await page.getByLabel('Depth').selectOption('1');
  await expect(page.getByTestId('graph-counts')).toContainText('5 cases');
  await snap(page, 'graph');
});

test('network page: sixty cases in chains draw a few hundred nodes', async ({ signedIn: page, harness }) => {
  const failures = await page.evaluate(async () => {
    const errors: unknown[] = [];
    const call = async (channel: string, input: unknown) => {
      const r = (await window.casebook.invoke(channel as never, input as never)) as { ok: boolean; value?: unknown; error?: unknown };
      if (!r.ok) errors.push({ channel, error: r.error });
      return r.value as Record<string, unknown> | undefined;
    };
    for (let i = 0; i < 60; i++) {
      const c = await call('cases.create', { title: `Chain case ${i}` });
      const number = c?.number as string;
      const worker = await call('subjects.add', { number, name: `Worker ${i}`, role: 'worker' });
      const facilitator = await call('subjects.add', { number, name: `Facilitator ${i}`, role: 'facilitator' });
      const idents: [string, string, unknown][] = [
        ['email', `chain-${i}@example.com`, worker?.id],
        ['email', `chain-${i + 1}@example.com`, worker?.id],
        ['ip', `10.0.${Math.floor(i / 10)}.1`, facilitator?.id],
        ['address', `${Math.floor(i / 2)} Chain Street, Springfield`, facilitator?.id],
      ];
      for (const [kind, value, subjectId] of idents) await call('identifiers.add', { number, kind, value, subjectId });
    }
    return errors;
  });
  expect(failures).toEqual([]);

  await page.goto(`${harness.url}#/network`);
  await expect(page.getByRole('heading', { name: 'Network' })).toBeVisible();
  const counts = page.getByTestId('graph-counts');
  await expect(counts).toContainText(/\d+ cases/);
  const text = (await counts.textContent()) ?? '';
  expect(Number(/(\d+) cases/.exec(text)?.[1])).toBeGreaterThanOrEqual(60);
  const total = [...text.matchAll(/(\d+) /g)].reduce((sum, m) => sum + Number(m[1]), 0);
  expect(total).toBeGreaterThan(200);
  await expect(page.getByTestId('network-graph').locator('canvas').first()).toBeAttached();
  await expect(page.getByText('labels appear as you zoom in')).toBeVisible();
  await snap(page, 'graph-large');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.waitForTimeout(300);
  await snap(page, 'graph-large-zoomed');
});
