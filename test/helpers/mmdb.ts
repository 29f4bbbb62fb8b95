import ipaddr from 'ipaddr.js';

/**
 * A MaxMind DB writer for tests only (spec: https://maxmind.github.io/MaxMind-DB/), so that the
 * GeoIP look-up can be tested against a real `.mmdb` without shipping a GeoLite2 file. It writes
 * a binary search tree with 28-bit records, the 16-byte separator, the data section and the
 * metadata. An IPv6 tree holds IPv4 networks at ::/96 (as the GeoLite2 files do); an IPv4 tree
 * (ipVersion 4) holds IPv4 only.
 */

/** Data values: strings, unsigned 32-bit integers, arrays and maps. */
export type MmdbValue = string | number | MmdbValue[] | { [key: string]: MmdbValue };

/** An unsigned integer of a given width (plain numbers are written as uint32). */
class Uint {
  readonly bits: 16 | 32 | 64;
  readonly value: number | bigint;
  constructor(bits: 16 | 32 | 64, value: number | bigint) {
    this.bits = bits;
    this.value = value;
  }
}
type Encodable = MmdbValue | Uint | Encodable[] | { [key: string]: Encodable };

export type MmdbOptions = {
  ipVersion?: 4 | 6;
  databaseType?: string;
  description?: string;
  buildEpoch?: number;
};

const RECORD_SIZE = 28;
const METADATA_MARKER = Buffer.from([0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com')]);
const TYPE = { string: 2, uint16: 5, uint32: 6, map: 7, uint64: 9, array: 11 } as const;

function control(type: number, size: number): Buffer {
  let sizeBits: number;
  let extra: Buffer;
  if (size < 29) [sizeBits, extra] = [size, Buffer.alloc(0)];
  else if (size < 285) [sizeBits, extra] = [29, Buffer.from([size - 29])];
  else if (size < 65_821) {
    extra = Buffer.alloc(2);
    extra.writeUInt16BE(size - 285);
    sizeBits = 30;
  } else {
    extra = Buffer.alloc(3);
    extra.writeUIntBE(size - 65_821, 0, 3);
    sizeBits = 31;
  }
  // Types above 7 are "extended": type 0 in the control byte, then a byte holding type - 7.
  const head = type <= 7 ? Buffer.from([(type << 5) | sizeBits]) : Buffer.from([sizeBits, type - 7]);
  return Buffer.concat([head, extra]);
}

function uintBytes(value: number | bigint): Buffer {
  let v = BigInt(value);
  const bytes: number[] = [];
  while (v > 0n) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return Buffer.from(bytes);
}

/** Encodes one value in the data-section format. */
export function encodeValue(v: Encodable): Buffer {
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([control(TYPE.string, b.length), b]);
  }
  if (typeof v === 'number') return encodeValue(new Uint(v > 0xffffffff ? 64 : 32, v));
  if (Array.isArray(v)) return Buffer.concat([control(TYPE.array, v.length), ...v.map(encodeValue)]);
  if (v instanceof Uint) {
    if (typeof v.value === 'number' && (!Number.isInteger(v.value) || v.value < 0)) throw new Error(`mmdb: ${v.value} is not an unsigned integer`);
    const b = uintBytes(v.value);
    if (b.length > v.bits / 8) throw new Error(`mmdb: ${v.value} does not fit in uint${v.bits}`);
    return Buffer.concat([control(v.bits === 16 ? TYPE.uint16 : v.bits === 32 ? TYPE.uint32 : TYPE.uint64, b.length), b]);
  }
  const entries = Object.entries(v);
  return Buffer.concat([control(TYPE.map, entries.length), ...entries.flatMap(([k, x]) => [encodeValue(k), encodeValue(x)])]);
}

/** A record: another node, a data value (by index into the data list), or nothing. */
type Rec = { node: number } | { data: number } | null;

function networkBits(cidr: string, ipVersion: 4 | 6): { bits: number[]; prefix: number } {
  const [addr, len] = ipaddr.parseCIDR(cidr);
  let bytes = addr.toByteArray();
  let prefix = len;
  if (addr.kind() === 'ipv4' && ipVersion === 6) {
    bytes = [...new Array<number>(12).fill(0), ...bytes];
    prefix += 96;
  } else if (addr.kind() === 'ipv6' && ipVersion === 4) throw new Error(`mmdb: ${cidr} cannot go into an IPv4 tree`);
  const bits = bytes.flatMap((b) => Array.from({ length: 8 }, (_, i) => (b >> (7 - i)) & 1));
  return { bits, prefix };
}

/**
 * Builds a `.mmdb` file: `networks` maps a CIDR (IPv4 or IPv6) to its record. A more specific
 * network inside an earlier one splits it, so later entries may refine earlier ones.
 */
export function writeMmdb(networks: Record<string, MmdbValue>, options: MmdbOptions = {}): Buffer {
  const ipVersion = options.ipVersion ?? 6;
  const nodes: [Rec, Rec][] = [[null, null]];
  const dataIndex = new Map<string, number>();
  const values: MmdbValue[] = [];
  for (const [cidr, value] of Object.entries(networks)) {
    const key = JSON.stringify(value);
    let d = dataIndex.get(key);
    if (d === undefined) {
      d = values.push(value) - 1;
      dataIndex.set(key, d);
    }
    const { bits, prefix } = networkBits(cidr, ipVersion);
    if (prefix === 0) throw new Error('mmdb: a /0 network has no record to hold it');
    let node = 0;
    for (let depth = 0; depth < prefix - 1; depth++) {
      const side = bits[depth]!;
      const rec = nodes[node]![side];
      if (rec && 'node' in rec) {
        node = rec.node;
        continue;
      }
      // An empty record, or a wider network's data that this one refines: a new node inherits it on both sides.
      nodes.push([rec, rec]);
      nodes[node]![side] = { node: nodes.length - 1 };
      node = nodes.length - 1;
    }
    nodes[node]![bits[prefix - 1]!] = { data: d };
  }

  const nodeCount = nodes.length;
  const dataParts: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const v of values) {
    const b = encodeValue(v);
    offsets.push(offset);
    dataParts.push(b);
    offset += b.length;
  }
  const recordValue = (r: Rec): number => (r === null ? nodeCount : 'node' in r ? r.node : nodeCount + 16 + offsets[r.data]!);
  const tree = Buffer.alloc(nodeCount * 7);
  nodes.forEach(([l, r], i) => {
    const left = recordValue(l);
    const right = recordValue(r);
    if (left >= 2 ** RECORD_SIZE || right >= 2 ** RECORD_SIZE) throw new Error('mmdb: the database is too large for 28-bit records');
    const o = i * 7;
    tree.writeUIntBE(left & 0xffffff, o, 3);
    tree[o + 3] = ((left >>> 24) << 4) | (right >>> 24);
    tree.writeUIntBE(right & 0xffffff, o + 4, 3);
  });
  const metadata = encodeValue({
    node_count: new Uint(32, nodeCount),
    record_size: new Uint(16, RECORD_SIZE),
    ip_version: new Uint(16, ipVersion),
    database_type: options.databaseType ?? 'Casebook-Test-Country',
    languages: ['en'],
    binary_format_major_version: new Uint(16, 2),
    binary_format_minor_version: new Uint(16, 0),
    build_epoch: new Uint(64, BigInt(options.buildEpoch ?? 1_700_000_000)),
    description: { en: options.description ?? 'Test database written by test/helpers/mmdb.ts' },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...dataParts, METADATA_MARKER, metadata]);
}

/** A GeoIP2-Country-shaped record. */
export const countryRecord = (iso: string, name = iso): MmdbValue => ({ country: { iso_code: iso, names: { en: name } } });
