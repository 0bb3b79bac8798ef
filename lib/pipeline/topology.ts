/**
 * A small typed topology API after Kafka Streams: a source processor reads a topic, stream
 * processors (filter, map, split, windowed aggregate) transform records, sink processors write
 * topics. `describe()` gives the nodes and edges for the console to draw; `process()` runs one
 * input record through the graph synchronously and returns what the sinks produced plus the
 * state changes, so the caller (processor.ts) can write both inside one Kafka transaction.
 */

export interface StreamRecord<V> {
  key: string | null;
  value: V;
  /** event time, ms since the epoch */
  timestamp: number;
  headers: Record<string, string>;
}

export interface OutputRecord {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  timestamp: number;
}

export type NodeKind = 'source' | 'filter' | 'map' | 'split' | 'window-aggregate' | 'sink';

export interface TopologyNode {
  id: string;
  kind: NodeKind;
  name: string;
  topic?: string;
  store?: string;
  detail?: string;
}

export interface TopologyEdge {
  from: string;
  to: string;
  label?: string;
}

export interface TopologyDescription {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

/** A key-value state store whose changes go to a compacted changelog topic. */
export class KeyValueStore<S> {
  private readonly data = new Map<string, S>();
  private readonly dirty = new Set<string>();
  constructor(readonly name: string) {}
  get(key: string): S | undefined {
    return this.data.get(key);
  }
  put(key: string, value: S | undefined): void {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
    this.dirty.add(key);
  }
  /** Restoring from the changelog does not mark the key dirty. */
  restore(key: string, value: S | undefined): void {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
  }
  clear(): void {
    this.data.clear();
    this.dirty.clear();
  }
  get size(): number {
    return this.data.size;
  }
  /** The changed entries since the last call (undefined = deleted), and forget them. */
  drainChanges(): [string, S | undefined][] {
    const out: [string, S | undefined][] = [...this.dirty].map((k) => [k, this.data.get(k)]);
    this.dirty.clear();
    return out;
  }
  discardChanges(): void {
    this.dirty.clear();
  }
}

interface Ctx {
  out: OutputRecord[];
  counters: Map<string, number>;
}

interface InternalNode extends TopologyNode {
  children: { node: InternalNode; label?: string }[];
  handle: (rec: StreamRecord<unknown>, ctx: Ctx) => void;
}

export type SplitResult<A, B> = { ok: true; value: A } | { ok: false; value: B };

export interface WindowAggregateOptions<V, A, R> {
  store: string;
  windowMs: number;
  /** the per-key accumulator for one window */
  init: () => A;
  add: (acc: A, value: V) => A;
  result: (key: string, windowStart: number, windowEnd: number, acc: A) => R;
  /** windows kept per key; older ones are final and evicted */
  retainWindows?: number;
}

/** Per-key state of a windowed aggregate: the latest event time seen and the open windows. */
export interface WindowState<A> {
  lastTs: number;
  windows: Record<string, A>;
}

export function windowStartOf(ts: number, windowMs: number): number {
  return Math.floor(ts / windowMs) * windowMs;
}

export class KStream<V> {
  constructor(
    private readonly topo: Topology,
    readonly node: InternalNode,
  ) {}

  private attach<W>(node: Omit<InternalNode, 'children'>, label?: string): KStream<W> {
    const full: InternalNode = { ...node, children: [] };
    this.topo.register(full);
    this.node.children.push({ node: full, label });
    return new KStream<W>(this.topo, full);
  }

  private static forward(node: InternalNode, rec: StreamRecord<unknown>, ctx: Ctx) {
    for (const c of node.children) c.node.handle(rec, ctx);
  }

  filter(name: string, predicate: (rec: StreamRecord<V>) => boolean, detail?: string): KStream<V> {
    const id = this.topo.nextId('filter');
    const stream = this.attach<V>({ id, kind: 'filter', name, detail, handle: () => {} });
    stream.node.handle = (rec, ctx) => {
      if (predicate(rec as StreamRecord<V>)) KStream.forward(stream.node, rec, ctx);
      else ctx.counters.set(`${id}:filtered`, (ctx.counters.get(`${id}:filtered`) ?? 0) + 1);
    };
    return stream;
  }

  map<W>(name: string, fn: (rec: StreamRecord<V>) => StreamRecord<W>, detail?: string): KStream<W> {
    const stream = this.attach<W>({ id: this.topo.nextId('map'), kind: 'map', name, detail, handle: () => {} });
    stream.node.handle = (rec, ctx) => KStream.forward(stream.node, fn(rec as StreamRecord<V>), ctx);
    return stream;
  }

  /** Two branches: records that pass and records that don't (with whatever the rejection carries). */
  split<A, B>(name: string, fn: (rec: StreamRecord<V>) => SplitResult<A, B>, labels: [string, string] = ['ok', 'rejected'], detail?: string): [KStream<A>, KStream<B>] {
    const id = this.topo.nextId('split');
    const full: InternalNode = { id, kind: 'split', name, detail, children: [], handle: () => {} };
    this.topo.register(full);
    this.node.children.push({ node: full });
    const okNode: InternalNode = { id: `${id}:ok`, kind: 'split', name: labels[0], children: [], handle: () => {} };
    const badNode: InternalNode = { id: `${id}:rejected`, kind: 'split', name: labels[1], children: [], handle: () => {} };
    full.handle = (rec, ctx) => {
      const r = fn(rec as StreamRecord<V>);
      const target = r.ok ? okNode : badNode;
      KStream.forward(target, { ...rec, value: r.value }, ctx);
    };
    // The branches are the split node's labelled out-edges, not nodes of their own.
    this.topo.branchOf.set(okNode, { parent: full, label: labels[0] });
    this.topo.branchOf.set(badNode, { parent: full, label: labels[1] });
    return [new KStream<A>(this.topo, okNode), new KStream<B>(this.topo, badNode)];
  }

  /**
   * Tumbling event-time windows per key. State (per key: latest event time and the open windows)
   * lives in a KeyValueStore backed by a changelog topic. A record whose event time is not after
   * the key's latest is a replay duplicate (a restarted producer) and is counted, not aggregated:
   * one key's records arrive in order on one partition.
   */
  windowedAggregate<A, R>(name: string, opts: WindowAggregateOptions<V, A, R>): KStream<R> {
    const id = this.topo.nextId('window');
    const store = this.topo.addStore<WindowState<A>>(opts.store);
    const stream = this.attach<R>({ id, kind: 'window-aggregate', name, store: opts.store, detail: `tumbling ${Math.round(opts.windowMs / 86_400_000)} d, event time`, handle: () => {} });
    const retain = opts.retainWindows ?? 2;
    stream.node.handle = (rec, ctx) => {
      const key = rec.key ?? '';
      const state: WindowState<A> = store.get(key) ?? { lastTs: -Infinity, windows: {} };
      if (rec.timestamp <= state.lastTs) {
        ctx.counters.set(`${id}:duplicates`, (ctx.counters.get(`${id}:duplicates`) ?? 0) + 1);
        return;
      }
      const start = windowStartOf(rec.timestamp, opts.windowMs);
      const acc = opts.add(state.windows[start] ?? opts.init(), rec.value as V);
      const windows: Record<string, A> = { ...state.windows, [start]: acc };
      const keep = Object.keys(windows)
        .map(Number)
        .sort((a, b) => b - a)
        .slice(0, retain);
      const next: WindowState<A> = { lastTs: rec.timestamp, windows: Object.fromEntries(keep.map((k) => [String(k), windows[k]!])) };
      store.put(key, next);
      KStream.forward(stream.node, { ...rec, value: opts.result(key, start, start + opts.windowMs, acc) }, ctx);
    };
    return stream;
  }

  to(name: string, topic: string, serialize: (rec: StreamRecord<V>) => { value: string | null; headers?: Record<string, string> }): void {
    const id = this.topo.nextId('sink');
    const node = this.attach<never>({ id, kind: 'sink', name, topic, handle: () => {} }).node;
    node.handle = (rec, ctx) => {
      const s = serialize(rec as StreamRecord<V>);
      ctx.out.push({ topic, key: rec.key, value: s.value, headers: { ...rec.headers, ...s.headers }, timestamp: rec.timestamp });
    };
  }
}

export interface ProcessResult {
  outputs: OutputRecord[];
  counters: Map<string, number>;
}

export class Topology {
  private readonly nodes: InternalNode[] = [];
  private readonly sources = new Map<string, InternalNode>();
  readonly stores = new Map<string, KeyValueStore<unknown>>();
  readonly branchOf = new Map<InternalNode, { parent: InternalNode; label: string }>();
  private seq = 0;

  nextId(kind: string): string {
    this.seq += 1;
    return `${kind}-${this.seq}`;
  }

  register(node: InternalNode): void {
    this.nodes.push(node);
  }

  addStore<S>(name: string): KeyValueStore<S> {
    if (this.stores.has(name)) throw new Error(`store ${name} already exists`);
    const store = new KeyValueStore<S>(name);
    this.stores.set(name, store as KeyValueStore<unknown>);
    return store;
  }

  store<S>(name: string): KeyValueStore<S> {
    const s = this.stores.get(name);
    if (!s) throw new Error(`no store ${name}`);
    return s as KeyValueStore<S>;
  }

  /** The source processor: records of `topic`, deserialized by `deserialize`. */
  source<V>(name: string, topic: string, deserialize: (value: Buffer | null) => V): KStream<V> {
    const node: InternalNode = { id: this.nextId('source'), kind: 'source', name, topic, children: [], handle: () => {} };
    node.handle = (rec, ctx) => {
      const r = { ...rec, value: deserialize(rec.value as Buffer | null) };
      for (const c of node.children) c.node.handle(r, ctx);
    };
    this.register(node);
    this.sources.set(topic, node);
    return new KStream<V>(this, node);
  }

  get sourceTopics(): string[] {
    return [...this.sources.keys()];
  }

  get sinkTopics(): string[] {
    return [...new Set(this.nodes.filter((n) => n.kind === 'sink').map((n) => n.topic!))];
  }

  /** Runs one record from `topic` through the graph. */
  process(topic: string, rec: StreamRecord<Buffer | null>): ProcessResult {
    const source = this.sources.get(topic);
    if (!source) throw new Error(`no source reads ${topic}`);
    const ctx: Ctx = { out: [], counters: new Map() };
    source.handle(rec, ctx);
    return { outputs: ctx.out, counters: ctx.counters };
  }

  describe(): TopologyDescription {
    const nodes: TopologyNode[] = [];
    const edges: TopologyEdge[] = [];
    const real = (n: InternalNode) => this.branchOf.get(n)?.parent ?? n;
    for (const n of this.nodes) {
      const { id, kind, name, topic, store, detail } = n;
      nodes.push({ id, kind, name, ...(topic ? { topic } : {}), ...(store ? { store } : {}), ...(detail ? { detail } : {}) });
    }
    const visit = (n: InternalNode) => {
      for (const c of n.children) {
        edges.push({ from: real(n).id, to: c.node.id, ...(this.branchOf.get(n) ? { label: this.branchOf.get(n)!.label } : c.label ? { label: c.label } : {}) });
      }
    };
    for (const n of this.nodes) visit(n);
    for (const b of this.branchOf.keys()) visit(b);
    return { nodes, edges };
  }
}
