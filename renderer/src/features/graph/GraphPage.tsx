import { ErrorNotice } from '../../components/Notice.tsx';
import { useApi } from '../../hooks.ts';
import { NetworkGraph } from './NetworkGraph.tsx';

/** Every case that shares an identifier with another, across the whole database. */
export function GraphPage() {
  const graph = useApi('identifiers.graph', { depth: 2, maxNodes: 600 });
  return (
    <section className="page graph-page">
      <h1>Network</h1>
      <p className="muted">Cases linked by shared identifiers. Click a case to see the network around it.</p>
      <ErrorNotice error={graph.error} />
      {graph.loading && !graph.data && <p className="muted">Loading…</p>}
      {graph.data && <NetworkGraph data={graph.data} />}
    </section>
  );
}
