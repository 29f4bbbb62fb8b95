import type { Channel } from '../../shared/contract/index.ts';
import type { TestCore } from '../helpers/core.ts';
import { HEADER, row, writeCsv } from '../activity/helpers.ts';
import { fx } from '../sanctions/paths.ts';
import { join } from 'node:path';
import { TEST_PASSPHRASE } from '../helpers/core.ts';

/** A case with something in every domain, so that every read has something to read. Returns its number and an input for every read. */
export async function seedForReads(t: TestCore): Promise<{ number: string; inputs: { [C in Channel]?: unknown } }> {
  const n = (await t.call('cases.create', { title: 'Browsed during an import' })).number;
  await t.call('subjects.add', { number: n, name: 'Kim Chol', role: 'worker' });
  await t.call('identifiers.add', { number: n, kind: 'email', value: 'kim@example.com' });
  await t.call('evidence.addNote', { number: n, title: 'Interview', text: 'Camera off throughout.' });
  await t.call('activity.import', { number: n, path: writeCsv(t, 'log.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'US'), row('2024-03-01T01:00:00Z', 'ann', '192.0.2.2', 'KP')]) });
  const list = await t.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-01-15' });
  await t.call('sanctions.screenCase', { number: n, version: list.version });
  const bundleFile = join(t.dir, 'reads.casebook');
  await t.call('bundle.export', { number: n, to: bundleFile, passphrase: TEST_PASSPHRASE });
  const inputs: { [C in Channel]?: unknown } = {
    'activity.imports': { number: n },
    'activity.findings': { number: n },
    'activity.heatmap': { number: n },
    'activity.settings': {},
    'activity.cidrLists': {},
    'activity.devices': { number: n },
    'cases.get': { number: n },
    'cases.list': {},
    'cases.audit': { number: n },
    'cases.assignees': {},
    'cases.tags': {},
    'cases.getView': {},
    'decisions.list': { number: n },
    'tasks.list': { number: n },
    'evidence.list': { number: n },
    'evidence.custody': { number: n, exhibit: 'E-001' },
    'indicators.catalog': {},
    'indicators.checklist': { number: n },
    'indicators.risk': { number: n },
    'indicators.weights': {},
    'payments.list': { number: n },
    'rates.list': {},
    'rates.settings': {},
    'payments.blocks': { number: n },
    'legal.factors': { number: n },
    'legal.statutoryMaximums': {},
    'legal.exposure': { number: n },
    'legal.reviews': { number: n },
    'reports.exports': { number: n },
    'reports.render': { number: n, kind: 'summary' },
    'sanctions.versions': {},
    'sanctions.settings': {},
    'sanctions.caseScreenings': { number: n },
    'sanctions.entry': { entNum: 1001, version: list.version },
    'session.current': {},
    'users.list': {},
    'audit.settings': {},
    'shell.capabilities': {},
    'app.lockStatus': {},
    'backup.status': {},
    'subjects.list': { number: n },
    'identifiers.list': { number: n },
    'identifiers.check': { kind: 'email', value: 'Kim@Example.com' },
    'identifiers.find': { value: 'kim@example.com' },
    'identifiers.linkedCases': { number: n },
    'identifiers.graph': { number: n },
    'bundle.verify': { path: bundleFile },
    'bundle.history': { number: n },
    'dashboard.get': {},
    'cases.overview': { number: n },
    'templates.list': {},
    'templates.versions': { id: 1 },
    'investigation.list': { number: n },
    'timeline.list': { number: n },
    'notes.list': { number: n },
    'observables.list': { number: n },
  };
  return { number: n, inputs };
}
