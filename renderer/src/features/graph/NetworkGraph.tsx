import { useEffect, useMemo, useRef } from 'react';
import cytoscape, { type ElementDefinition, type StylesheetJson } from 'cytoscape';
import { IDENTIFIER_KINDS, KIND_LABELS, type IdentifierKind } from '../../../../shared/identifiers.ts';
import type { GraphData } from '../../../../shared/subjects.ts';
import { Notice } from '../../components/Notice.tsx';
import { navigate } from '../../router.ts';

export const KIND_COLOURS: Record<IdentifierKind, string> = {
  email: '#2e90fa',
  phone: '#15b79e',
  ip: '#7a5af8',
  wallet: '#f79009',
  bank_account: '#d92d20',
  payment_account: '#e31b54',
  platform_handle: '#0ba5ec',
  device: '#667085',
  address: '#66c61c',
  document: '#9e77ed',
};

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 11,
      'min-zoomed-font-size': 8,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-wrap': 'ellipsis',
      'text-max-width': '140px',
      color: '#344054',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      'text-background-padding': '1px',
    },
  },
  {
    selector: 'node[type = "case"]',
    style: {
      shape: 'round-rectangle',
      width: 'label',
      height: 22,
      padding: '6px',
      'background-color': '#eef4ff',
      'border-width': 1.5,
      'border-color': '#3e4784',
      'text-valign': 'center',
      'text-margin-y': 0,
      'text-background-opacity': 0,
      'font-size': 14,
      'font-weight': 'bold',
      'font-family': 'ui-monospace, monospace',
      color: '#1d2939',
    },
  },
  { selector: 'node[type = "case"][?focus]', style: { 'background-color': '#fef0c7', 'border-color': '#dc6803', 'border-width': 3 } },
  { selector: 'node[type = "subject"]', style: { shape: 'ellipse', width: 18, height: 18, 'background-color': '#98a2b3' } },
  {
    selector: 'node[type = "identifier"]',
    style: { shape: 'diamond', width: 14, height: 14, 'background-color': 'data(colour)', 'font-size': 10, 'font-family': 'ui-monospace, monospace' },
  },
  {
    selector: 'node[type = "sanction"]',
    style: { shape: 'octagon', width: 22, height: 22, 'background-color': '#b42318', 'border-width': 2, 'border-color': '#7a271a', color: '#7a271a', 'font-weight': 'bold', 'text-wrap': 'wrap', 'text-max-width': '220px' },
  },
  { selector: 'edge', style: { width: 1, 'line-color': '#c4c9d2', 'curve-style': 'haystack' } },
];

/** The identifier's value without the "Kind: " prefix the core puts before it. */
const valueOf = (label: string, kind: IdentifierKind | undefined) => (kind && label.startsWith(`${KIND_LABELS[kind]}: `) ? label.slice(KIND_LABELS[kind].length + 2) : label);

function toElements(data: GraphData, aspect: number): ElementDefinition[] {
  const n = data.nodes.length;
  const radius = 40 * Math.sqrt(n);
  // Deterministic start on an ellipse shaped like the container: the same data gives the same
  // picture, and cose spreads it across the width instead of into a square in the middle.
  const nodes = data.nodes.map((node, i): ElementDefinition => ({
    group: 'nodes',
    data: {
      id: node.id,
      type: node.type,
      label: node.type === 'case' ? (node.caseNumber ?? node.label) : node.type === 'identifier' ? valueOf(node.label, node.kind) : node.label,
      ...(node.caseNumber && { caseNumber: node.caseNumber }),
      ...(node.focus && { focus: true }),
      ...(node.kind && { colour: KIND_COLOURS[node.kind] }),
    },
    position: { x: aspect * radius * Math.cos((2 * Math.PI * i) / n), y: radius * Math.sin((2 * Math.PI * i) / n) },
  }));
  const edges = data.edges.map((e): ElementDefinition => ({ group: 'edges', data: { id: e.id, source: e.source, target: e.target } }));
  return [...nodes, ...edges];
}

/** "5 cases · 5 subjects · 2 shared identifiers": an identifier is shared when it reaches more than one case. */
export function graphCounts(data: GraphData): string {
  const caseOf = new Map(data.nodes.filter((n) => n.caseNumber).map((n) => [n.id, n.caseNumber!]));
  const reach = new Map<string, Set<string>>();
  for (const e of data.edges) {
    if (!e.target.startsWith('identifier:')) continue;
    const c = caseOf.get(e.source);
    if (c) reach.set(e.target, (reach.get(e.target) ?? new Set()).add(c));
  }
  const count = (t: string) => data.nodes.filter((n) => n.type === t).length;
  const identifiers = count('identifier');
  const shared = [...reach.values()].filter((s) => s.size > 1).length;
  const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  const parts = [plural(count('case'), 'case', 'cases'), plural(count('subject'), 'subject', 'subjects'), plural(shared, 'shared identifier', 'shared identifiers')];
  if (identifiers > shared) parts.push(plural(identifiers - shared, 'other identifier', 'other identifiers'));
  const sanctions = count('sanction');
  if (sanctions > 0) parts.push(plural(sanctions, 'confirmed sanctions match', 'confirmed sanctions matches'));
  return parts.join(' · ');
}

/** Cases, subjects and the identifiers that tie them, drawn with cytoscape. Clicking a case opens its network. */
export function NetworkGraph({ data }: { data: GraphData }) {
  const ref = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const zoomBy = (factor: number) => {
    const cy = cyRef.current;
    if (cy) cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };
  const kinds = useMemo(() => IDENTIFIER_KINDS.filter((k) => data.nodes.some((n) => n.kind === k)), [data]);

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const elements = toElements(data, Math.max(1, container.clientWidth / Math.max(1, container.clientHeight)));
    const small = elements.length < 150;
    const cy = cytoscape({
      container,
      headless: false,
      elements,
      style: STYLE,
      textureOnViewport: true,
      hideEdgesOnViewport: elements.length > 800,
      minZoom: 0.05,
      maxZoom: 4,
      layout: {
        name: 'cose',
        animate: false,
        randomize: false,
        fit: true,
        padding: 24,
        nodeDimensionsIncludeLabels: small,
        idealEdgeLength: () => (small ? 60 : 45),
        // Identifiers shared by the same subjects would sit on top of each other; they push harder.
        nodeRepulsion: (node: cytoscape.NodeSingular) => (node.data('type') === 'identifier' ? 4 : 1) * (small ? 12000 : 9000),
        nodeOverlap: 20,
        edgeElasticity: () => 80,
        gravity: 0.6,
        numIter: 1500,
        componentSpacing: 60,
      },
    });
    cy.on('tap', 'node[type = "case"]', (e) => {
      const number = e.target.data('caseNumber') as string | undefined;
      if (number) navigate('case', number, 'graph');
    });
    cyRef.current = cy;
    return () => {
      cyRef.current = null;
      cy.destroy();
    };
  }, [data]);

  return (
    <div className="network">
      {data.truncated && <Notice kind="warning">The network is larger than can be drawn here; only part of it is shown.</Notice>}
      <p className="network-counts" data-testid="graph-counts">
        {graphCounts(data)}
      </p>
      {data.nodes.length === 0 ? (
        <p className="muted">No shared identifiers yet: add identifiers to subjects, and cases that share one appear here.</p>
      ) : (
        <>
          <div ref={ref} className="network-canvas" data-testid="network-graph" aria-label="Network graph" role="img" />
          <div className="network-tools">
            <button type="button" className="button" onClick={() => zoomBy(1.5)}>Zoom in</button>
            <button type="button" className="button" onClick={() => zoomBy(1 / 1.5)}>Zoom out</button>
            <button type="button" className="button" onClick={() => cyRef.current?.fit(undefined, 24)}>Fit</button>
            {data.nodes.length > 80 && <span className="muted network-hint">Scroll to zoom and drag to pan: labels appear as you zoom in.</span>}
          </div>
          <ul className="network-legend" aria-label="Legend">
            <li><span className="swatch swatch-case" /> case</li>
            <li><span className="swatch swatch-subject" /> subject</li>
            {data.nodes.some((n) => n.type === 'sanction') && (
              <li><span className="swatch swatch-sanction" /> confirmed sanctions match</li>
            )}
            {kinds.map((k) => (
              <li key={k}>
                <span className="swatch swatch-identifier" style={{ background: KIND_COLOURS[k] }} /> {KIND_LABELS[k]}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
