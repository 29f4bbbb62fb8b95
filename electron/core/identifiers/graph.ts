import { stmt, type ReadDb } from '../db/connection.ts';
import { getCase } from '../cases/repo.ts';
import { caseScreenings } from '../sanctions/cases.ts';
import { KIND_LABELS, type IdentifierKind } from '../../../shared/identifiers.ts';
import type { GraphData, GraphEdge, GraphNode } from '../../../shared/subjects.ts';

type IdRow = { case_id: number; subject_id: number | null; kind: IdentifierKind; value_norm: string; display: string };
type CaseRow = { id: number; number: string; title: string };
type SubjectRow = { id: number; case_id: number; name: string; role: string };

const key = (r: { kind: string; value_norm: string }) => `${r.kind}\u0000${r.value_norm}`;

/**
 * Cases, their subjects and the identifiers that tie them together. From one case it walks
 * shared identifiers out to `depth` hops; without a case it shows every case that shares an
 * identifier with another. Identifiers held by a single case are shown only for the focus case,
 * so that the picture is the network, not every detail.
 */
export function identifierGraph(db: ReadDb, opts: { number?: string; depth: number; maxNodes: number }): GraphData {
  const caseIds = new Set<number>();
  let focus: number | null = null;
  let truncated = false;
  const budget = Math.max(1, Math.floor(opts.maxNodes / 4));
  if (opts.number) {
    focus = getCase(db, opts.number).id;
    caseIds.add(focus);
    let frontier = [focus];
    for (let hop = 0; hop < opts.depth && frontier.length; hop++) {
      const next: number[] = [];
      for (const id of frontier) {
        const others = stmt(
          db,
          `SELECT DISTINCT o.case_id FROM identifiers i JOIN identifiers o ON o.kind = i.kind AND o.value_norm = i.value_norm AND o.case_id <> i.case_id WHERE i.case_id = ?`,
        ).pluck().all(id) as number[];
        for (const o of others) {
          if (caseIds.has(o)) continue;
          if (caseIds.size >= budget) {
            truncated = true;
            break;
          }
          caseIds.add(o);
          next.push(o);
        }
      }
      frontier = next;
    }
  } else {
    const shared = stmt(
      db,
      `SELECT DISTINCT i.case_id FROM identifiers i
       WHERE EXISTS (SELECT 1 FROM identifiers o WHERE o.kind = i.kind AND o.value_norm = i.value_norm AND o.case_id <> i.case_id)
       LIMIT ?`,
    ).pluck().all(budget + 1) as number[];
    truncated = shared.length > budget;
    for (const id of shared.slice(0, budget)) caseIds.add(id);
  }

  const ids = [...caseIds];
  const marks = ids.map(() => '?').join(', ');
  const cases = ids.length ? (db.prepare(`SELECT id, number, title FROM cases WHERE id IN (${marks})`).all(...ids) as CaseRow[]) : [];
  const subjects = ids.length ? (db.prepare(`SELECT id, case_id, name, role FROM subjects WHERE case_id IN (${marks})`).all(...ids) as SubjectRow[]) : [];
  const idRows = ids.length ? (db.prepare(`SELECT case_id, subject_id, kind, value_norm, display FROM identifiers WHERE case_id IN (${marks})`).all(...ids) as IdRow[]) : [];

  const casesPerKey = new Map<string, Set<number>>();
  for (const r of idRows) {
    const k = key(r);
    casesPerKey.set(k, (casesPerKey.get(k) ?? new Set()).add(r.case_id));
  }

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const addNode = (n: GraphNode) => {
    if (seen.has(n.id)) return true;
    if (nodes.length >= opts.maxNodes) {
      truncated = true;
      return false;
    }
    seen.add(n.id);
    nodes.push(n);
    return true;
  };
  const addEdge = (source: string, target: string) => {
    const id = `${source}->${target}`;
    if (seen.has(source) && seen.has(target) && !seen.has(id)) {
      seen.add(id);
      edges.push({ id, source, target });
    }
  };
  const caseNumber = new Map(cases.map((c) => [c.id, c.number]));
  for (const c of cases) addNode({ id: `case:${c.id}`, type: 'case', label: `${c.number}\n${c.title}`, caseNumber: c.number, ...(c.id === focus && { focus: true }) });
  for (const s of subjects) {
    if (addNode({ id: `subject:${s.id}`, type: 'subject', label: s.name, caseNumber: caseNumber.get(s.case_id)! })) addEdge(`case:${s.case_id}`, `subject:${s.id}`);
  }
  for (const r of idRows) {
    const k = key(r);
    const sharedCount = casesPerKey.get(k)!.size;
    if (sharedCount < 2 && r.case_id !== focus) continue;
    const nodeId = `identifier:${k}`;
    if (!addNode({ id: nodeId, type: 'identifier', label: `${KIND_LABELS[r.kind]}: ${r.display}`, kind: r.kind })) continue;
    addEdge(r.subject_id !== null ? `subject:${r.subject_id}` : `case:${r.case_id}`, nodeId);
  }
  // Confirmed sanctions matches: one node per listed entry (two cases matching it meet there), tied
  // to the identifier or subject that matched, else to the case.
  for (const c of cases) {
    for (const s of caseScreenings(db, c.number)) {
      for (const h of s.hits) {
        if (h.status !== 'confirmed') continue;
        const nodeId = `sanction:${h.list}:${h.ent_num}`;
        if (!addNode({ id: nodeId, type: 'sanction', label: `${h.name}\n${h.list} entry ${h.ent_num}` })) continue;
        let from = `case:${c.id}`;
        if (h.queryKind === 'identifier') {
          const r = idRows.find((x) => x.case_id === c.id && (x.kind === 'document' ? x.value_norm.slice(x.value_norm.indexOf(':') + 1) : x.value_norm) === h.query);
          if (r) from = seen.has(`identifier:${key(r)}`) ? `identifier:${key(r)}` : r.subject_id !== null ? `subject:${r.subject_id}` : from;
        } else {
          const name = h.source.replace(/^(alias of )?subject /, '');
          const subj = subjects.find((x) => x.case_id === c.id && x.name === name);
          if (subj) from = `subject:${subj.id}`;
        }
        addEdge(from, nodeId);
      }
    }
  }
  return { nodes, edges, truncated };
}
