'use client';
import type { PipelineReport } from '@/lib/contracts/pipeline';

type Topo = PipelineReport['topology'];

const W = 150;
const H = 40;
const GX = 44;
const GY = 18;

/** The processor's internal topology (from describe()), laid out in layers by longest path. */
/** `natural`: draw at full size and scroll sideways (long chains, a Kafka Streams app's), rather than shrink to the card. */
export function TopologyGraph({ topology, natural = false }: { topology: Topo; natural?: boolean }) {
  const depth = new Map<string, number>();
  const incoming = new Map<string, string[]>();
  for (const e of topology.edges) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e.from]);
  const depthOf = (id: string, seen = new Set<string>()): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id)) return 0;
    seen.add(id);
    const d = Math.max(-1, ...(incoming.get(id) ?? []).map((p) => depthOf(p, seen))) + 1;
    depth.set(id, d);
    return d;
  };
  topology.nodes.forEach((n) => depthOf(n.id));
  const rows = new Map<number, number>();
  const pos = new Map<string, { x: number; y: number }>();
  for (const n of topology.nodes) {
    const d = depth.get(n.id)!;
    const r = rows.get(d) ?? 0;
    rows.set(d, r + 1);
    pos.set(n.id, { x: 8 + d * (W + GX), y: 8 + r * (H + GY) });
  }
  const width = 16 + (Math.max(...depth.values()) + 1) * (W + GX) - GX;
  const height = 16 + Math.max(...rows.values()) * (H + GY) - GY;
  return (
    <div className="overflow-x-auto" role="region" aria-label="Processor topology graph" tabIndex={0}>
      <svg viewBox={`0 0 ${width} ${height}`} width={natural ? width : '100%'} style={natural ? { minWidth: width } : { maxWidth: width, minWidth: 640 }} role="img" aria-label="Processor topology: nodes and edges" data-testid="topology-graph">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--muted)" />
          </marker>
        </defs>
        {topology.edges.map((e) => {
          const a = pos.get(e.from)!;
          const b = pos.get(e.to)!;
          const x1 = a.x + W;
          const y1 = a.y + H / 2;
          const x2 = b.x;
          const y2 = b.y + H / 2;
          const mx = (x1 + x2) / 2;
          return (
            <g key={`${e.from}-${e.to}`}>
              <path d={`M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`} fill="none" stroke="var(--muted)" strokeWidth={1.2} markerEnd="url(#arrow)" />
              {e.label && (
                <text x={mx} y={(y1 + y2) / 2 - 4} textAnchor="middle" fontSize={10} fill={e.label === 'invalid' ? 'var(--bad)' : 'var(--muted)'}>
                  {e.label}
                </text>
              )}
            </g>
          );
        })}
        {topology.nodes.map((n) => {
          const p = pos.get(n.id)!;
          // Topic-like nodes (a Kafka Streams group's topics too) get square corners.
          const topic = n.kind === 'source' || n.kind === 'sink' || n.kind === 'topic' || n.kind === 'changelog' || n.kind === 'repartition';
          return (
            <g key={n.id} data-testid="topology-node" data-kind={n.kind}>
              <rect x={p.x} y={p.y} width={W} height={H} rx={topic ? 4 : 8} fill={topic ? 'var(--surface-2)' : 'var(--surface)'} stroke={n.kind === 'window-aggregate' ? 'var(--accent)' : 'var(--border)'} />
              <text x={p.x + 8} y={p.y + 16} fontSize={11} fontWeight={600} fill="var(--fg)">
                {n.name.length > 24 ? `${n.name.slice(0, 23)}…` : n.name}
              </text>
              <text x={p.x + 8} y={p.y + 31} fontSize={10} fill="var(--muted)">
                {n.kind}
                {n.detail ? ` · ${n.detail.length > 18 ? `${n.detail.slice(0, 17)}…` : n.detail}` : ''}
              </text>
              <title>{`${n.kind}: ${n.name}${n.topic ? ` (${n.topic})` : ''}${n.detail ? ` — ${n.detail}` : ''}`}</title>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
