import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/migrate.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { m014 } from '../../electron/core/db/migrations/014-activity-staging.ts';
import { m015 } from '../../electron/core/db/migrations/015-case-ips-by-import.ts';
import { caseAddressSpans } from '../../electron/core/activity/address-index.ts';

describe('the address index kept per import', () => {
  it('keeps every entry indexed before (visible, under import 0) and looks up by network as before', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, MIGRATIONS.indexOf(m014) + 1));
    const put = db.prepare('INSERT INTO case_ips (ip, case_id, account, first_ts, last_ts, events, net) VALUES (?, ?, ?, ?, ?, ?, ?)');
    put.run('192.0.2.1', 1, 'ann', 1000, 5000, 7, '192.0.2.1');
    put.run('2001:db8:1:2::5', 2, 'ben', 2000, 3000, 1, '2001:db8:1:2::/64');
    migrate(db, MIGRATIONS.slice(0, MIGRATIONS.indexOf(m015) + 1));
    expect(db.prepare('SELECT ip, case_id, account, import_id, first_ts, last_ts, events, net FROM case_ips ORDER BY ip').all()).toEqual([
      { ip: '192.0.2.1', case_id: 1, account: 'ann', import_id: 0, first_ts: 1000, last_ts: 5000, events: 7, net: '192.0.2.1' },
      { ip: '2001:db8:1:2::5', case_id: 2, account: 'ben', import_id: 0, first_ts: 2000, last_ts: 3000, events: 1, net: '2001:db8:1:2::/64' },
    ]);
    expect(caseAddressSpans(db, 1)).toEqual([{ ip: '192.0.2.1', first: 1000, last: 5000 }]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT case_id FROM case_ips WHERE net = ? AND case_id <> ?').all('192.0.2.1', 3) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('case_ips_net');
    db.close();
  });
});
