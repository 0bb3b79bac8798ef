import type { ConnectorState, ConnectorSummary } from '@/lib/contracts/connect';

/** A connector as a node of the pipeline page's data flow. */
export interface FlowConnector {
  connect: string;
  name: string;
  type: string;
  state: ConnectorState;
  tasks: number;
  failedTasks: number;
}

/**
 * One topic of the data flow: the connectors writing it (sources) and reading it (sinks). `topic`
 * null gathers the connectors that have used no topic yet; `pipelineRole` names the weather
 * pipeline's role of the topic (raw, processed, ...) when it is one of the pipeline's.
 */
export interface FlowRow {
  topic: string | null;
  pipelineRole: string | null;
  sources: FlowConnector[];
  sinks: FlowConnector[];
}

const byName = (a: FlowConnector, b: FlowConnector) => a.connect.localeCompare(b.connect) || a.name.localeCompare(b.name);

/**
 * The connectors of every Connect cluster, arranged by the topics they used (Connect's
 * `GET /connectors/{name}/topics`): a source points into each topic it wrote, a sink out of each
 * it read. The pipeline's own topics come first, then the others by name, then connectors with
 * no topic yet. A connector Connect types neither source nor sink stands on the writing side.
 */
export function connectorFlows(lists: { connect: string; connectors: ConnectorSummary[] }[], pipelineTopics: { role: string; name: string }[] = []): FlowRow[] {
  const rows = new Map<string | null, FlowRow>();
  const roleOf = new Map(pipelineTopics.map((t) => [t.name, t.role]));
  const row = (topic: string | null) => {
    let r = rows.get(topic);
    if (!r) rows.set(topic, (r = { topic, pipelineRole: topic === null ? null : (roleOf.get(topic) ?? null), sources: [], sinks: [] }));
    return r;
  };
  for (const { connect, connectors } of lists) {
    for (const c of connectors) {
      const node: FlowConnector = { connect, name: c.name, type: c.type, state: c.state, tasks: c.tasks.length, failedTasks: c.failedTasks };
      const topics = c.topics?.length ? c.topics : [null];
      for (const t of topics) (c.type === 'sink' ? row(t).sinks : row(t).sources).push(node);
    }
  }
  const order = new Map(pipelineTopics.map((t, i) => [t.name, i]));
  return [...rows.values()]
    .map((r) => ({ ...r, sources: r.sources.sort(byName), sinks: r.sinks.sort(byName) }))
    .sort((a, b) => {
      if (a.topic === null || b.topic === null) return a.topic === null ? (b.topic === null ? 0 : 1) : -1;
      const oa = order.get(a.topic) ?? Infinity;
      const ob = order.get(b.topic) ?? Infinity;
      return oa !== ob ? oa - ob : a.topic.localeCompare(b.topic);
    });
}
