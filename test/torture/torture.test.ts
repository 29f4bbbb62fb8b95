import { describe, expect, it } from 'vitest';
import { torture } from './torture.ts';

// The short version of `npm run torture`: one SIGKILL per write-heavy command, at a random moment.
describe('killed mid-write (short torture run)', () => {
  it('leaves an intact database, an intact audit chain, no half import, and nothing left after verify --repair', { timeout: 600_000 }, async () => {
    const f = await torture({ runs: 3, logRows: 8000 });
    expect(f.runs).toBe(3);
    expect(f.unexpectedExits).toBe(0);
    expect(f.integrityFailures).toBe(0);
    expect(f.auditFailures).toBe(0);
    expect(f.halfImports).toBe(0);
    expect(f.orphansAfterRepair).toBe(0);
    expect(f.verifyExitAfterRepair).toBe(0);
  });
});
