import { ASSESSMENT_STATUSES, type AssessmentStatus } from '../../../shared/indicators/score.ts';
import { DILIGENCE_STATUSES, type DiligenceStatus } from '../../../shared/indicators/diligence.ts';
import { ACTIVITY_FIELDS, type ActivityField } from '../../../shared/activity/fields.ts';
import { CIDR_KINDS, FINDING_STATUSES, type FindingStatus, type FindingSummary } from '../../../shared/activity/types.ts';
import { decimal, int, str, strs, UsageError, type CliCommand } from './types.ts';

const oneOf = <T extends string>(v: unknown, allowed: readonly T[], flag: string): T => {
  const s = str(v);
  if (s === undefined) throw new UsageError(`--${flag} is required (one of ${allowed.join(', ')})`);
  if (!(allowed as readonly string[]).includes(s)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got "${s}"`);
  return s as T;
};

/** Parses repeated KEY=VALUE flags. */
const pairs = (v: unknown, flag: string): [string, string][] =>
  strs(v).map((p) => {
    const eq = p.lastIndexOf('=');
    if (eq <= 0 || eq === p.length - 1) throw new UsageError(`--${flag} takes KEY=VALUE; got "${p}"`);
    return [p.slice(0, eq), p.slice(eq + 1)];
  });

const findingOut = (f: FindingSummary) => ({ indicator: f.indicator, account: f.account, from: f.from, to: f.to, detail: f.detail, id: f.id, detector: f.detector, status: f.status });

export const indicatorsCommands: CliCommand[] = [
  {
    path: ['indicators', 'list'],
    usage: 'indicators list [--version N]   (the red-flag catalog with its sources)',
    options: { version: { type: 'string' } },
    run: async (_ctx, io, v) => {
      const version = int(v.version, 'version');
      return { value: await io.call('indicators.catalog', version === undefined ? {} : { version }) };
    },
  },
  {
    path: ['indicators', 'show'],
    usage: 'indicators show CASE   (the case checklist, due diligence and score)',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('indicators.checklist', { number: number! }) }),
  },
  {
    path: ['indicators', 'set'],
    usage: `indicators set CASE ID --status ${ASSESSMENT_STATUSES.join('|')} --rationale T [--evidence E-001 ...]`,
    positionals: { min: 2, max: 2 },
    options: { status: { type: 'string' }, rationale: { type: 'string' }, evidence: { type: 'string', multiple: true } },
    run: async (_ctx, io, v, [number, id]) => ({
      value: await io.call('indicators.assess', {
        number: number!, indicator: id!, status: oneOf<AssessmentStatus>(v.status, ASSESSMENT_STATUSES, 'status'),
        rationale: str(v.rationale) ?? '', exhibits: strs(v.evidence),
      }),
    }),
  },
  {
    path: ['indicators', 'diligence'],
    usage: `indicators diligence CASE STEP --status ${DILIGENCE_STATUSES.join('|')} [--date YYYY-MM-DD] [--note T] [--evidence E-001 ...]`,
    positionals: { min: 2, max: 2 },
    options: { status: { type: 'string' }, date: { type: 'string' }, note: { type: 'string' }, evidence: { type: 'string', multiple: true } },
    run: async (_ctx, io, v, [number, step]) => ({
      value: await io.call('indicators.diligence', {
        number: number!, step: step!, status: oneOf<DiligenceStatus>(v.status, DILIGENCE_STATUSES, 'status'),
        date: str(v.date) ?? null, note: str(v.note) ?? '', exhibits: strs(v.evidence),
      }),
    }),
  },
  {
    path: ['indicators', 'upgrade'],
    usage: 'indicators upgrade CASE   (move the case to the latest catalog; lists what changed)',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('indicators.upgrade', { number: number! }) }),
  },
  {
    path: ['indicators', 'weights'],
    usage: 'indicators weights [--set ID=WEIGHT ...] [--reset]   (score weights, 0–100; changes are audited)',
    options: { set: { type: 'string', multiple: true }, reset: { type: 'boolean' } },
    run: async (_ctx, io, v) => {
      const set = pairs(v.set, 'set');
      if (set.length === 0 && !v.reset) return { value: await io.call('indicators.weights', {}) };
      const weights = Object.fromEntries(set.map(([id, w]) => [id.toUpperCase(), int(w, 'set')!]));
      return { value: await io.call('indicators.setWeights', { weights, reset: v.reset === true }) };
    },
  },
  {
    path: ['risk'],
    usage: 'risk CASE   (score 0–100, band, and the points each indicator contributes)',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => {
      const r = await io.call('indicators.risk', { number: number! });
      return { value: { score: r.score, band: r.band, contributions: r.contributions.map((c) => ({ indicator: c.indicator, points: c.points })) } };
    },
  },
  {
    path: ['activity', 'preview'],
    usage: 'activity preview FILE   (headers, sample rows and the column mapping Casebook would use)',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [path]) => ({ value: await io.call('activity.preview', { path: path! }) }),
  },
  {
    path: ['activity', 'import'],
    usage: `activity import CASE FILE [--subject ID] [--zone IANA] [--map column=field ...]   (fields: ${ACTIVITY_FIELDS.join(', ')})`,
    positionals: { min: 2, max: 2 },
    options: { subject: { type: 'string' }, zone: { type: 'string' }, map: { type: 'string', multiple: true } },
    run: async (ctx, io, v, [number, path]) => {
      const mapping: Record<string, ActivityField> = {};
      for (const [col, field] of pairs(v.map, 'map')) mapping[col] = oneOf<ActivityField>(field, ACTIVITY_FIELDS, 'map field');
      ctx.emit = (_e, p) => io.progress(`${p.phase} ${p.done}${p.total ? ` of ${p.total}` : ''}`);
      const r = await io.call('activity.import', {
        number: number!, path: path!, mapping,
        ...(v.subject !== undefined && { subject: str(v.subject) }),
        ...(v.zone !== undefined && { zone: str(v.zone) }),
      });
      return { value: { events: r.events, accounts: r.accounts, findings: r.findings.map(findingOut), importId: r.importId, duplicate: r.duplicate, sha256: r.sha256, exhibit: r.exhibit, skippedCount: r.skippedCount, skipped: r.skipped } };
    },
  },
  {
    path: ['activity', 'analyse'],
    usage: "activity analyse CASE [--zone IANA]   (runs the detectors again over the case, e.g. after changing thresholds or range lists; --zone: read the case's records in that claimed zone from now on)",
    positionals: { min: 1, max: 1 },
    options: { zone: { type: 'string' } },
    run: async (ctx, io, v, [number]) => {
      ctx.emit = (_e, p) => io.progress(`${p.phase} ${p.done}${p.total ? ` of ${p.total}` : ''}`);
      const findings = await io.call('activity.analyse', { number: number!, ...(v.zone !== undefined && { zone: str(v.zone) }) });
      return { value: { findings: findings.map(findingOut) } };
    },
  },
  {
    path: ['activity', 'findings'],
    usage: `activity findings CASE [--status ${FINDING_STATUSES.join('|')}]`,
    positionals: { min: 1, max: 1 },
    options: { status: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => ({
      value: await io.call('activity.findings', { number: number!, ...(v.status !== undefined && { status: oneOf<FindingStatus>(v.status, FINDING_STATUSES, 'status') }) }),
    }),
  },
  {
    path: ['activity', 'accept'],
    usage: 'activity accept CASE FINDING [--rationale T]   (the indicator becomes present, with the finding linked)',
    positionals: { min: 2, max: 2 },
    options: { rationale: { type: 'string' } },
    run: async (_ctx, io, v, [number, id]) => ({
      value: await io.call('activity.accept', { number: number!, finding: int(id, 'FINDING')!, ...(v.rationale !== undefined && { rationale: str(v.rationale) }) }),
    }),
  },
  {
    path: ['activity', 'dismiss'],
    usage: 'activity dismiss CASE FINDING --reason T',
    positionals: { min: 2, max: 2 },
    options: { reason: { type: 'string' } },
    run: async (_ctx, io, v, [number, id]) => {
      if (!str(v.reason)) throw new UsageError('--reason is required');
      return { value: await io.call('activity.dismiss', { number: number!, finding: int(id, 'FINDING')!, reason: str(v.reason)! }) };
    },
  },
  {
    path: ['activity', 'heatmap'],
    usage: 'activity heatmap CASE [--account A] [--zone IANA]   (weekday × hour counts in the claimed zone)',
    positionals: { min: 1, max: 1 },
    options: { account: { type: 'string' }, zone: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => ({
      value: await io.call('activity.heatmap', { number: number!, ...(v.account !== undefined && { account: str(v.account) }), ...(v.zone !== undefined && { zone: str(v.zone) }) }),
    }),
  },
  {
    path: ['activity', 'settings'],
    usage: 'activity settings [--set name=value ...]   (detector thresholds, bad-row share, geoipPath; changes are audited)',
    options: { set: { type: 'string', multiple: true } },
    run: async (_ctx, io, v) => {
      const set = pairs(v.set, 'set');
      if (set.length === 0) return { value: await io.call('activity.settings', {}) };
      const patch = Object.fromEntries(set.map(([k, val]) => [k, k === 'geoipPath' ? (val === 'none' ? null : val) : k === 'na08HighRiskCountries' ? val.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean) : decimal(val, k, '24')]));
      return { value: await io.call('activity.setSettings', patch) };
    },
  },
  {
    path: ['activity', 'devices', 'import'],
    usage: 'activity devices import CASE FILE   (a device inventory CSV from an MDM/EDR export: device, serial, user, last public IP, installed software, shipping address; runs EQ-02 and NA-05)',
    positionals: { min: 2, max: 2 },
    run: async (ctx, io, _v, [number, path]) => {
      ctx.emit = (_e, p) => io.progress(`${p.phase} ${p.done}${p.total ? ` of ${p.total}` : ''}`);
      const r = await io.call('activity.devicesImport', { number: number!, path: path! });
      const findings = await io.call('activity.findings', { number: number! });
      return { value: { ...r, findings: findings.map(findingOut) } };
    },
  },
  {
    path: ['activity', 'cidr', 'import'],
    usage: `activity cidr import NAME FILE --kind ${CIDR_KINDS.join('|')}   (one CIDR range or address per line; company_egress: the company's own VPN/NAT exits, ignored by NA-02, NA-04, NA-08 and cross-case links)`,
    positionals: { min: 2, max: 2 },
    options: { kind: { type: 'string' } },
    run: async (_ctx, io, v, [name, path]) => ({
      value: await io.call('activity.cidrImport', { name: name!, path: path!, kind: oneOf(v.kind, CIDR_KINDS, 'kind') }),
    }),
  },
  {
    path: ['activity', 'cidr', 'list'],
    usage: 'activity cidr list',
    run: async (_ctx, io) => ({ value: await io.call('activity.cidrLists', {}) }),
  },
];
