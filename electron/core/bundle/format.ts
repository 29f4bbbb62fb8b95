// The case bundle's format (README "Handing a case to counsel: the bundle format"). A bundle is a
// POSIX tar archive, optionally encrypted as one age file to a recipient. Its entries, in order:
//   manifest.json  the canonical JSON (sorted keys, no whitespace) of the manifest: the case, who
//                  exported it, when, from which database, and every part's path, size and SHA-256
//   manifest.sig   the exporter's Ed25519 signature over manifest.json's bytes (64 raw bytes)
//   signer.pem     the exporter's public key (SubjectPublicKeyInfo PEM), the one in the manifest
//   then every part the manifest lists, in its order:
//   SHA256SUMS     "<sha256>  <path>" lines for every other part (sha256sum -c reads it)
//   data/<table>.json  the case's rows of one table
//   files/<sha256>     an exhibit's file, as it was acquired (plaintext), named by its SHA-256
import { z } from 'zod';
import { createPublicKey } from 'node:crypto';

export const FORMAT = 'casebook-bundle';
export const FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';
export const SIGNER_PEM = 'signer.pem';
export const SUMS = 'SHA256SUMS';

/** Limits a reader holds to before it reads a byte of what an entry declares. */
export const LIMITS = {
  manifestBytes: 64 * 1024 * 1024,
  /** A data part is read whole (rows); a file part is streamed. */
  dataPartBytes: 512 * 1024 * 1024,
  /** One exhibit file: larger than any evidence store holds. */
  filePartBytes: 2 ** 40,
  parts: 1_000_000,
};

const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;
/** The only paths a part may have: no folders but data/ and files/, no "..", nothing absolute. */
export const PART_PATH = /^(SHA256SUMS|data\/[a-z][a-z0-9_]{0,62}\.json|files\/[0-9a-f]{64})$/;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex');
const Iso = z.string().min(10).max(40);
const PublicKey = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be an Ed25519 public key (base64 of 32 bytes)');

export const PartSchema = z.strictObject({
  path: z.string().max(200).regex(PART_PATH, 'is not a path a bundle may hold (only SHA256SUMS, data/<table>.json and files/<sha256>)'),
  size: z.number().int().min(0).max(LIMITS.filePartBytes),
  sha256: Sha256,
});
export type Part = z.infer<typeof PartSchema>;

export const ManifestSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  bundleId: z.string().uuid(),
  case: z.strictObject({ number: z.string().min(1).max(40), title: z.string().max(1000) }),
  exporter: z.strictObject({
    user: z.string().min(1).max(200),
    role: z.string().max(40),
    publicKey: PublicKey,
    fingerprint: z.string().max(100),
    /** The exporter's age recipient (age1…), so the receiver can answer with a bundle encrypted to them. */
    recipient: z.string().max(200).nullable(),
  }),
  database: z.strictObject({ id: z.string().min(1).max(100), schema: z.number().int().min(1) }),
  exportedAt: Iso,
  /** Who it was encrypted to, when it was (age recipient, and the user's name when known). */
  recipient: z.strictObject({ name: z.string().max(200).nullable(), key: z.string().max(200) }).nullable(),
  parts: z.array(PartSchema).min(1).max(LIMITS.parts),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const isTableName = (s: string): boolean => TABLE_NAME.test(s);

/** A cell of a row: what SQLite's STRICT tables hold here (no blobs in a case's tables). */
const Cell = z.union([z.string(), z.number(), z.null()]);

export const DataPartSchema = z.strictObject({
  table: z.string().regex(TABLE_NAME),
  columns: z.array(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/)).min(1).max(200),
  rows: z.array(z.array(Cell)),
  /** For tables keyed by an integer id: where each row was first written ([database id, its id there]). */
  origins: z.array(z.tuple([z.string().min(1).max(100), z.number().int()])).optional(),
});
export type DataPart = z.infer<typeof DataPartSchema>;

/** The PEM form of an Ed25519 public key (what openssl reads). */
export function publicKeyPem(publicKey: string): string {
  const raw = Buffer.from(publicKey, 'base64');
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString();
}

export const sumsText = (parts: Part[]): string => parts.filter((p) => p.path !== SUMS).map((p) => `${p.sha256}  ${p.path}\n`).join('');

/** Where reading a bundle failed, and why: the CLI's {"ok": false, "part", "reason"}. */
export class BundleError extends Error {
  readonly part: string;
  readonly reason: string;
  constructor(part: string, reason: string) {
    super(`${part}: ${reason}`);
    this.name = 'BundleError';
    this.part = part;
    this.reason = reason;
  }
}
