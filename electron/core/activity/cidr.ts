import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CidrList } from '../../../shared/activity/types.ts';

type ListRow = { id: number; name: string; kind: string; imported_by: string; imported_at: string; ranges: number };
const toList = (r: ListRow): CidrList => ({ id: r.id, name: r.name, kind: r.kind, ranges: r.ranges, importedBy: r.imported_by, importedAt: r.imported_at });

/** Parses one line of a range list: a CIDR block or a single address; '#' starts a comment. */
export function parseRange(raw: string): string | null {
  const s = raw.replace(/#.*/, '').split(/[,;\s]/)[0]!.trim();
  if (!s) return null;
  try {
    if (s.includes('/')) {
      const [addr, len] = ipaddr.parseCIDR(s);
      const a = addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
      const bits = a.kind() === 'ipv4' && addr.kind() === 'ipv6' ? len - 96 : len;
      return `${a.toString()}/${bits}`;
    }
    const a = ipaddr.process(s);
    return `${a.toString()}/${a.kind() === 'ipv4' ? 32 : 128}`;
  } catch {
    throw new Error(`"${s.slice(0, 60)}" is not a CIDR range or IP address`);
  }
}

/** Imports a VPN / hosting / remote-desktop range list (one range per line). A list of the same name is replaced. */
export function importCidrList(db: Db, actor: string, name: string, kind: string, path: string): CidrList {
  let text: string;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
    text = new TextDecoder().decode(bytes);
  } catch {
    throw new AppError('not_found', `Cannot read ${path}.`);
  }
  const ranges = new Set<string>();
  const errors: { line: number; message: string }[] = [];
  text.split(/\r\n|\r|\n/).forEach((l, i) => {
    try {
      const r = parseRange(l);
      if (r) ranges.add(r);
    } catch (e) {
      errors.push({ line: i + 1, message: (e as Error).message });
    }
  });
  if (errors.length) {
    throw new AppError('invalid_input', `${errors.length} line(s) of ${path} are not ranges (first: line ${errors[0]!.line}, ${errors[0]!.message}); nothing was imported.`, { details: { errors: errors.slice(0, 20) } });
  }
  if (ranges.size === 0) throw new AppError('invalid_input', `${path} holds no ranges.`);
  return db.transaction(() => {
    const now = new Date().toISOString();
    const old = stmt(db, 'SELECT id FROM cidr_lists WHERE name = ?').pluck().get(name) as number | undefined;
    if (old !== undefined) {
      stmt(db, 'DELETE FROM cidr_ranges WHERE list_id = ?').run(old);
      stmt(db, 'DELETE FROM cidr_lists WHERE id = ?').run(old);
    }
    const sha = createHash('sha256').update(bytes).digest('hex');
    const id = Number(stmt(db, 'INSERT INTO cidr_lists (name, kind, sha256, imported_by, imported_at) VALUES (?, ?, ?, ?, ?)').run(name, kind, sha, actor, now).lastInsertRowid);
    const ins = stmt(db, 'INSERT INTO cidr_ranges (list_id, cidr) VALUES (?, ?)');
    for (const r of ranges) ins.run(id, r);
    appendAudit(db, actor, { caseId: null, entity: 'cidr_list', entityId: name, action: old === undefined ? 'imported' : 'replaced', after: { name, kind, ranges: ranges.size, sha256: sha } }, now);
    return listCidrLists(db).find((l) => l.id === id)!;
  }).immediate();
}

export function listCidrLists(db: Db): CidrList[] {
  return (stmt(db, `SELECT l.*, (SELECT count(*) FROM cidr_ranges r WHERE r.list_id = l.id) AS ranges FROM cidr_lists l ORDER BY l.name`).all() as ListRow[]).map(toList);
}

export type RangeMatch = { list: string; kind: string; cidr: string };

/** A matcher over every imported range: the first list (by name) holding the address. */
export function rangeMatcher(db: Db): (ip: string) => RangeMatch | null {
  const rows = stmt(db, 'SELECT l.name, l.kind, r.cidr FROM cidr_ranges r JOIN cidr_lists l ON l.id = r.list_id ORDER BY l.name, r.cidr').all() as { name: string; kind: string; cidr: string }[];
  const parsed = rows.map((r) => ({ ...r, range: ipaddr.parseCIDR(r.cidr) }));
  return (ip) => {
    if (parsed.length === 0) return null;
    const a = ipaddr.parse(ip);
    for (const p of parsed) {
      if (p.range[0].kind() === a.kind() && a.match(p.range)) return { list: p.name, kind: p.kind, cidr: p.cidr };
    }
    return null;
  };
}
