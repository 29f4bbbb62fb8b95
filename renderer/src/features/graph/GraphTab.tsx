import { useState } from 'react';
import { ErrorNotice } from '../../components/Notice.tsx';
import { useApi } from '../../hooks.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import { Field } from '../../components/Field.tsx';
import { NetworkGraph } from './NetworkGraph.tsx';

/** The network around one case: cases reached through shared identifiers, up to `depth` hops. */
export function GraphTab({ record }: CaseTabProps) {
  const [depth, setDepth] = useState(2);
  const graph = useApi('identifiers.graph', { number: record.number, depth, maxNodes: 600 });
  return (
    <section className="graph-tab">
      <Field label="Depth" className="inline">
        <select id="graph-depth" value={depth} onChange={(e) => setDepth(Number(e.target.value))}>
          <option value={1}>1 hop: cases sharing an identifier with this one</option>
          <option value={2}>2 hops</option>
          <option value={3}>3 hops</option>
        </select>
      </Field>
      <ErrorNotice error={graph.error} />
      {graph.data && <NetworkGraph data={graph.data} />}
    </section>
  );
}
