import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.cleanup());

it('lists every settings change (weights, thresholds, range lists) newest first, with who and before → after', async () => {
  await t.call('indicators.setWeights', { weights: { 'NA-03': 20 } });
  t.as('Sam Supervisor');
  await t.call('activity.setSettings', { na03SessionHours: 12, na01Ips: 3 });
  const list = join(t.dir, 'vpn.txt');
  writeFileSync(list, '10.8.0.0/16\n');
  await t.call('activity.cidrImport', { name: 'VPN exits', kind: 'vpn', path: list });
  await t.call('cases.create', { title: 'Not a settings change' });

  const events = await t.call('audit.settings', {});
  expect(events.map((e) => [e.actor, e.entity, e.entityId, e.action, e.before, e.after])).toEqual([
    ['Sam Supervisor', 'cidr_list', 'VPN exits', 'imported', null, { name: 'VPN exits', kind: 'vpn', ranges: 1, sha256: expect.any(String) }],
    ['Sam Supervisor', 'settings', 'activity.settings', 'thresholds_changed', { na03SessionHours: 24 }, { na03SessionHours: 12 }],
    ['Olivia Officer', 'settings', 'indicators.weights', 'weights_changed', { 'NA-03': 5 }, { 'NA-03': 20 }],
  ]);
  expect(await t.call('audit.settings', { limit: 1 })).toHaveLength(1);
});
