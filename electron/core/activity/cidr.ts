import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import type { Db, ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CidrList } from '../../../shared/activity/types.ts';

type ListRow = { id: number; name: string; kind: string; imported_by: string; imported_at: string; ranges: number };
const toList = (r: ListRow): CidrList => ({ id: r.id, name: r.name, kind: r.kind, ranges: r.ranges, importedBy: r.imported_by, importedAt: r.imported_at });

/** Parses one line of a range list: a CIDR block (given by any address in it) or a single address; '#' starts a comment. */
export function parseRange(raw: string): string | null {
  const s = raw.replace(/#.*/, '').split(/[,;\s]/)[0]!.trim();
  if (!s) return null;
  try {
    if (s.includes('/')) {
      const [addr, len] = ipaddr.parseCIDR(s);
      const a = addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
      const bits = a.kind() === 'ipv4' && addr.kind() === 'ipv6' ? len - 96 : len;
      // Stored as the block's network address: 10.2.118.103/17 is 10.2.0.0/17.
      const bytes = a.toByteArray().map((b, i) => {
        const keep = Math.max(0, Math.min(8, bits - i * 8));
        return b & (0xff << (8 - keep)) & 0xff;
      });
      return `${ipaddr.fromByteArray(bytes).toString()}/${bits}`;
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

export function listCidrLists(db: ReadDb): CidrList[] {
  return (stmt(db, `SELECT l.*, (SELECT count(*) FROM cidr_ranges r WHERE r.list_id = l.id) AS ranges FROM cidr_lists l ORDER BY l.name`).all() as ListRow[]).map(toList);
}

export type RangeMatch = { list: string; kind: string; cidr: string };

type Block = { lo: bigint; hi: bigint; bits: number; list: number; match: RangeMatch; parent: number };

const toBig = (bytes: number[]): bigint => bytes.reduce((v, b) => (v << 8n) | BigInt(b), 0n);

/**
 * The address blocks of one family (IPv4 or IPv6), sorted so that a look-up is a binary search:
 * CIDR blocks are either disjoint or nested, so the blocks holding an address are the one that
 * starts last at or before it, or the nearest of its enclosing blocks that does, and all of that
 * block's enclosing blocks.
 */
class Blocks {
  private readonly blocks: Block[] = [];

  add(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number, list: number, match: RangeMatch): void {
    const width = addr.kind() === 'ipv4' ? 32 : 128;
    const host = (1n << BigInt(width - bits)) - 1n;
    const lo = toBig(addr.toByteArray()) & ~host;
    this.blocks.push({ lo, hi: lo | host, bits, list, match, parent: -1 });
  }

  /** Sorts the blocks (wider first where two start together) and links each to its nearest enclosing block. */
  seal(): void {
    const b = this.blocks;
    b.sort((x, y) => (x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : x.bits - y.bits || x.list - y.list));
    const open: number[] = [];
    for (let i = 0; i < b.length; i++) {
      while (open.length && b[open[open.length - 1]!]!.hi < b[i]!.lo) open.pop();
      b[i]!.parent = open.length ? open[open.length - 1]! : -1;
      open.push(i);
    }
  }

  /** The first list (by name) holding the address, with its most specific block there. */
  find(value: bigint): RangeMatch | null {
    const b = this.blocks;
    let lo = 0;
    let hi = b.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid]!.lo <= value) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    while (i >= 0 && b[i]!.hi < value) i = b[i]!.parent;
    let best: Block | null = null;
    for (; i >= 0; i = b[i]!.parent) {
      const x = b[i]!;
      if (!best || x.list < best.list || (x.list === best.list && x.bits > best.bits)) best = x;
    }
    return best ? best.match : null;
  }
}

/**
 * A matcher over every imported range: the first list (by name) holding the address, and the
 * most specific of its ranges that does. A look-up is a binary search, so a list of a hundred
 * thousand ranges costs microseconds per address.
 */
export function rangeMatcher(db: ReadDb, onlyKind?: string): (ip: string) => RangeMatch | null {
  const rows = (onlyKind
    ? stmt(db, 'SELECT l.name, l.kind, r.cidr FROM cidr_ranges r JOIN cidr_lists l ON l.id = r.list_id WHERE l.kind = ? ORDER BY l.name, r.cidr').all(onlyKind)
    : stmt(db, 'SELECT l.name, l.kind, r.cidr FROM cidr_ranges r JOIN cidr_lists l ON l.id = r.list_id ORDER BY l.name, r.cidr').all()) as { name: string; kind: string; cidr: string }[];
  if (rows.length === 0) return () => null;
  const v4 = new Blocks();
  const v6 = new Blocks();
  const lists = new Map<string, number>();
  for (const r of rows) {
    if (!lists.has(r.name)) lists.set(r.name, lists.size);
    const [addr, bits] = ipaddr.parseCIDR(r.cidr);
    (addr.kind() === 'ipv4' ? v4 : v6).add(addr, bits, lists.get(r.name)!, { list: r.name, kind: r.kind, cidr: r.cidr });
  }
  v4.seal();
  v6.seal();
  return (ip) => {
    const a = ipaddr.parse(ip);
    return (a.kind() === 'ipv4' ? v4 : v6).find(toBig(a.toByteArray()));
  };
}
