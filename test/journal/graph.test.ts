import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { fx } from '../sanctions/paths.ts';

let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

it('draws a confirmed sanctions match as a node tied to the identifier or subject that matched; open and dismissed ones are not drawn', async () => {
  await core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-01-15' });
  const number = (await core.call('cases.create', { title: 'Remote developer paid in USDT' })).number;
  const s = await core.call('subjects.add', { number, name: 'Cholsu Park' });
  await core.call('identifiers.add', { number, kind: 'wallet', value: '0xABCDEF0123456789ABCDEF0123456789ABCDEF01', subjectId: s.id });
  const screening = await core.call('sanctions.screenCase', { number });
  const graphOf = async () => core.call('identifiers.graph', { number });
  expect((await graphOf()).nodes.filter((n) => n.type === 'sanction')).toEqual([]);
  const wallet = screening.hits.find((h) => h.queryKind === 'identifier')!;
  const name = screening.hits.find((h) => h.queryKind === 'name')!;
  await core.call('sanctions.decideHit', { number, hit: wallet.id, decision: 'confirmed', reason: 'Payout wallet.' });
  await core.call('sanctions.decideHit', { number, hit: name.id, decision: 'confirmed', reason: 'Same DOB.' });
  const g = await graphOf();
  const sanctions = g.nodes.filter((n) => n.type === 'sanction');
  // Both matches name the same listed entry: one node, reached from the wallet and from the subject.
  expect(sanctions).toEqual([{ id: 'sanction:SDN:1001', type: 'sanction', label: 'PAK, Chol Su\nSDN entry 1001' }]);
  const into = g.edges.filter((e) => e.target === 'sanction:SDN:1001').map((e) => e.source).sort();
  expect(into).toEqual([`identifier:wallet\u00000xabcdef0123456789abcdef0123456789abcdef01`, `subject:${s.id}`]);
});
