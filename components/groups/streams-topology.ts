import type { PipelineReport } from '@/lib/contracts/pipeline';
import type { StreamsGroupInfo } from '@/lib/contracts/groups';

type Graph = PipelineReport['topology'];

/**
 * A streams group's topology as the broker knows it, as nodes and edges for TopologyGraph. With
 * the processor nodes the application sent (StreamsGroupDescribe v1): topics → source nodes →
 * processors → sink nodes → topics, and each store's changelog beside the processor that owns
 * it. Without them: each subtopology as one node between its input and output topics.
 */
export function streamsGraph(s: StreamsGroupInfo): Graph {
  const nodes = new Map<string, Graph['nodes'][number]>();
  const edges = new Map<string, Graph['edges'][number]>();
  const topic = (name: string, kind: 'topic' | 'changelog' | 'repartition') => {
    const id = `topic:${name}`;
    if (!nodes.has(id)) nodes.set(id, { id, kind, name, topic: name });
    return id;
  };
  const topicKind = (name: string) => (name.endsWith('-repartition') ? 'repartition' : 'topic');
  const edge = (from: string, to: string, label?: string) => edges.set(`${from}>${to}`, { from, to, ...(label ? { label } : {}) });
  for (const sub of s.subtopologies) {
    const changelogs = sub.changelogTopics.map((t) => t.name);
    if (sub.nodes && sub.nodes.length > 0) {
      const id = (n: string) => `${sub.id}:${n}`;
      for (const n of sub.nodes) {
        const detail = n.kind === 'processor' && n.stores.length ? `stores ${n.stores.join(', ')}` : `subtopology ${sub.id}`;
        nodes.set(id(n.name), { id: id(n.name), kind: n.kind, name: n.name, detail });
      }
      for (const n of sub.nodes) {
        for (const t of n.sourceTopics) edge(topic(t, topicKind(t)), id(n.name));
        if (n.sinkTopic) edge(id(n.name), topic(n.sinkTopic, topicKind(n.sinkTopic)));
        for (const next of n.successors) if (nodes.has(id(next))) edge(id(n.name), id(next));
        // Streams names a store's changelog <application.id>-<store>-changelog.
        for (const store of n.stores) for (const c of changelogs.filter((c) => c.endsWith(`-${store}-changelog`))) edge(id(n.name), topic(c, 'changelog'), 'changelog');
      }
    } else {
      const sid = `sub:${sub.id}`;
      nodes.set(sid, { id: sid, kind: 'subtopology', name: `subtopology ${sub.id}`, detail: changelogs.length ? `${changelogs.length} store${changelogs.length === 1 ? '' : 's'}` : undefined });
      for (const t of [...sub.sourceTopics, ...sub.repartitionSourceTopics.map((r) => r.name)]) edge(topic(t, topicKind(t)), sid);
      for (const t of sub.repartitionSinkTopics) edge(sid, topic(t, 'repartition'));
      for (const c of changelogs) edge(sid, topic(c, 'changelog'), 'changelog');
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
