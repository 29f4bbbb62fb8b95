// What a bundle says beyond its hashes, checked before anything is imported: one case, the one
// the manifest names; every exhibit's file present with its size; every signature inside it
// holding for its signed text and key; every audit event's hash holding for its content.
import { eventHash } from '../audit/chain.ts';
import { fingerprintOf, verifySignature } from '../signing/sign.ts';
import { BundleError, type DataPart, type Manifest } from './format.ts';
import type { ReadResult } from './read.ts';

export type SignatureLine = { signer: string; fingerprint: string; what: string; at: string };

export const asObjects = (p: DataPart | undefined): Record<string, string | number | null>[] =>
  p ? p.rows.map((r) => Object.fromEntries(p.columns.map((c, i) => [c, r[i] ?? null]))) : [];

const WHAT: Record<string, string> = { decision: 'decision', legal_review: "counsel's review" };

export function checkContent(r: ReadResult): { signatures: SignatureLine[] } {
  const m: Manifest = r.manifest;
  const part = (t: string) => r.data.get(`data/${t}.json`);
  const cases = asObjects(part('cases'));
  if (cases.length !== 1) throw new BundleError('data/cases.json', `holds ${cases.length} cases; a bundle holds exactly one`);
  if (cases[0]!.number !== m.case.number) throw new BundleError('data/cases.json', `holds case ${String(cases[0]!.number)}, the manifest names ${m.case.number}`);
  const caseId = cases[0]!.id;
  for (const [path, d] of r.data) {
    if (d.table === 'audit_copies' || d.table === 'cases' || !d.columns.includes('case_id')) continue;
    const ci = d.columns.indexOf('case_id');
    const bad = d.rows.findIndex((row) => row[ci] !== caseId && !(d.table === 'signatures' && row[ci] === null));
    if (bad >= 0) throw new BundleError(path, `row ${bad + 1} belongs to another case than the bundle's`);
  }
  const files = new Map(m.parts.filter((p) => p.path.startsWith('files/')).map((p) => [p.sha256, p.size]));
  const blobs = new Map(asObjects(part('evidence_blobs')).map((b) => [b.sha256 as string, b.size as number]));
  for (const [sha, size] of files) if (blobs.get(sha) !== size) throw new BundleError(`files/${sha}`, 'has no matching file record (size and SHA-256) among the bundle\u2019s rows');
  for (const e of asObjects(part('exhibits'))) {
    if (e.kind !== 'file') continue;
    const size = files.get(e.sha256 as string);
    if (size === undefined) throw new BundleError('data/exhibits.json', `exhibit ${String(e.number)} names a file (SHA-256 ${String(e.sha256)}) that the bundle does not hold`);
    if (size !== e.size) throw new BundleError('data/exhibits.json', `exhibit ${String(e.number)} is recorded as ${String(e.size)} bytes, its file in the bundle has ${size}`);
  }
  const lines: SignatureLine[] = [{ signer: m.exporter.user, fingerprint: m.exporter.fingerprint, what: `the hand-over file of case ${m.case.number}, all of it`, at: m.exportedAt }];
  if (fingerprintOf(m.exporter.publicKey) !== m.exporter.fingerprint) throw new BundleError('manifest.json', 'names a fingerprint that is not its key\u2019s');
  asObjects(part('signatures')).forEach((s, i) => {
    const ok = typeof s.public_key === 'string' && typeof s.payload === 'string' && typeof s.signature === 'string' && verifySignature(s.public_key, s.payload, s.signature);
    const what = `${WHAT[String(s.what)] ?? String(s.what)} #${String(s.what_id)} (${String(s.role)} sign-off)`;
    if (!ok) throw new BundleError('data/signatures.json', `row ${i + 1}, ${String(s.signer)}'s signature of ${what} at ${String(s.signed_at)}, does not hold for its signed text and key`);
    lines.push({ signer: String(s.signer), fingerprint: fingerprintOf(String(s.public_key)), what, at: String(s.signed_at) });
  });
  for (const t of ['audit_events', 'audit_copies']) {
    const rows = asObjects(part(t));
    rows.forEach((e) => {
      const calc = eventHash({
        seq: e.seq as number, at: e.at as string, actor: e.actor as string, case_id: (t === 'audit_events' ? e.case_id : e.origin_case_id) as number | null,
        entity: e.entity as string, entity_id: e.entity_id as string | null, action: e.action as string, before: e.before as string | null, after: e.after as string | null, prev_hash: e.prev_hash as string,
      });
      if (calc !== e.hash) throw new BundleError(`data/${t}.json`, `audit event #${String(e.seq)}${t === 'audit_copies' ? ` of database ${String(e.origin_db)}` : ''} does not match its hash: its content was altered`);
    });
  }
  return { signatures: lines };
}
