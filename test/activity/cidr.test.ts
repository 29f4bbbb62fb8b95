import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ipaddr from 'ipaddr.js';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { parseRange, rangeMatcher, type RangeMatch } from '../../electron/core/activity/cidr.ts';
import { seededRandom } from '../../shared/random.ts';
import { writeCsv } from './helpers.ts';

let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.cleanup());

describe('the range look-up (NA-04)', () => {
  it('stores a range as its network address and prefix', () => {
    expect(parseRange('10.2.118.103/17  # exits')).toBe('10.2.0.0/17');
    expect(parseRange('::ffff:10.9.8.7/104')).toBe('10.0.0.0/8');
    expect(parseRange('2001:db8:1:2:3::/35')).toBe('2001:db8::/35');
    expect(parseRange('203.0.113.77')).toBe('203.0.113.77/32');
    expect(parseRange('# only a comment')).toBeNull();
  });

  // Thousands of exhaustive scans: seconds on an idle machine, far more on a busy one.
  it('names the first list (by name) holding an address and its most specific range there, as a scan of every range would', { timeout: 180_000 }, async () => {
    // Nested and overlapping-by-nesting blocks in two lists, IPv4 and IPv6, and the same block in both.
    const r = seededRandom(11);
    const block = () => {
      const bits = 8 + Math.floor(r() * 25);
      return `10.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}/${bits}`;
    };
    const a = Array.from({ length: 300 }, block).filter((b) => !b.endsWith('/8'));
    const b = [...Array.from({ length: 300 }, block).filter((x) => !x.endsWith('/8')), a[0]!, '2001:db8::/32', '2001:db8:1::/48', '198.51.100.7'];
    await t.call('activity.cidrImport', { name: 'B hosting', kind: 'hosting', path: writeCsv(t, 'b.txt', b) });
    await t.call('activity.cidrImport', { name: 'A vpn', kind: 'vpn', path: writeCsv(t, 'a.txt', [...a, '2001:db8:1:2::/64']) });
    const stored = t.db.prepare('SELECT l.name, l.kind, r.cidr FROM cidr_ranges r JOIN cidr_lists l ON l.id = r.list_id').all() as { name: string; kind: string; cidr: string }[];
    // The reference: every range tried; the first list by name, then the longest prefix.
    const scan = (ip: string): RangeMatch | null => {
      const addr = ipaddr.parse(ip);
      const hits = stored.filter((s) => {
        const range = ipaddr.parseCIDR(s.cidr);
        return range[0].kind() === addr.kind() && addr.match(range);
      });
      hits.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : ipaddr.parseCIDR(y.cidr)[1] - ipaddr.parseCIDR(x.cidr)[1]));
      return hits[0] ? { list: hits[0].name, kind: hits[0].kind, cidr: hits[0].cidr } : null;
    };
    const match = rangeMatcher(t.db);
    const ips = [
      ...Array.from({ length: 3000 }, () => `10.${Math.floor(r() * 5)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`),
      '198.51.100.7', '198.51.100.8', '2001:db8:1:2::9', '2001:db8:1:3::9', '2001:db8:9::1', '2001:db9::1', '192.0.2.1',
    ];
    let hits = 0;
    for (const ip of ips) {
      const want = scan(ip);
      expect(match(ip), ip).toEqual(want);
      if (want) hits++;
    }
    expect(hits).toBeGreaterThan(500);
    expect(match('2001:db8:1:2::9')).toEqual({ list: 'A vpn', kind: 'vpn', cidr: '2001:db8:1:2::/64' });
    expect(match('2001:db8:1:3::9')).toEqual({ list: 'B hosting', kind: 'hosting', cidr: '2001:db8:1::/48' });
    expect(match('198.51.100.7')).toEqual({ list: 'B hosting', kind: 'hosting', cidr: '198.51.100.7/32' });
    expect(match('192.0.2.1')).toBeNull();
  });
});
