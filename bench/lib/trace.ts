/**
 * Reads a Chromium trace (Playwright's browser.startTracing, categories devtools.timeline):
 * the renderer main thread's top-level tasks with their wall time (`dur`) and the thread's own
 * CPU time (`tdur`). On a shared, overloaded machine a task's wall time includes the time the
 * thread waited for a core; its CPU time is what the page itself cost.
 */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface MainThreadTask {
  /** ms of wall time */
  wall: number;
  /** ms of the main thread's CPU time */
  cpu: number;
}

/** The busiest renderer main thread (the page's; other renderers idle), or null. */
function busiestMain(events: TraceEvent[]): { pid: number; tid: number; tasks: TraceEvent[] } | null {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best: { pid: number; tid: number; tasks: TraceEvent[] } | null = null;
  let bestCpu = -1;
  for (const m of mains) {
    const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === m.pid && e.tid === m.tid);
    const cpu = tasks.reduce((s, e) => s + (e.tdur ?? e.dur ?? 0), 0);
    if (cpu > bestCpu) {
      best = { pid: m.pid, tid: m.tid, tasks };
      bestCpu = cpu;
    }
  }
  return best;
}

/** The busiest renderer main thread's RunTask events (the page's; other renderers idle). */
export function mainThreadTasks(events: TraceEvent[]): MainThreadTask[] {
  return (busiestMain(events)?.tasks ?? []).map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
}

export interface TaskBreakdown {
  /** main-thread tasks over the threshold of wall time */
  tasks: number;
  /** their wall and CPU time, ms */
  wall: number;
  cpu: number;
  /** what ran at the top level inside them (Layout, FunctionCall, Paint...), ms, largest wall first */
  byName: { name: string; wall: number; cpu: number }[];
}

/**
 * What the main thread's long tasks (over `overMs` of wall time) were made of: the top-level
 * events inside each (nested ones are counted in their parent), summed by name. The JS profiler
 * shows native work (style, layout, paint) only as "(program)"; the trace names it.
 */
export function longTaskBreakdown(events: TraceEvent[], overMs = 50): TaskBreakdown {
  const main = busiestMain(events);
  const out: TaskBreakdown = { tasks: 0, wall: 0, cpu: 0, byName: [] };
  if (!main) return out;
  const inner = events
    .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.name !== 'RunTask' && e.ts !== undefined)
    .sort((a, b) => a.ts! - b.ts! || (b.dur ?? 0) - (a.dur ?? 0));
  const sums = new Map<string, { wall: number; cpu: number }>();
  for (const t of main.tasks) {
    if ((t.dur ?? 0) / 1000 <= overMs || t.ts === undefined) continue;
    out.tasks++;
    out.wall += (t.dur ?? 0) / 1000;
    out.cpu += (t.tdur ?? t.dur ?? 0) / 1000;
    const end = t.ts + (t.dur ?? 0);
    let covered = -Infinity;
    for (const e of inner) {
      if (e.ts! < t.ts || e.ts! >= end) continue;
      if (e.ts! < covered) continue; // nested in a top-level event already counted
      covered = e.ts! + (e.dur ?? 0);
      const s = sums.get(e.name) ?? { wall: 0, cpu: 0 };
      s.wall += (e.dur ?? 0) / 1000;
      s.cpu += (e.tdur ?? e.dur ?? 0) / 1000;
      sums.set(e.name, s);
    }
  }
  out.byName = [...sums].map(([name, s]) => ({ name, ...s })).sort((a, b) => b.wall - a.wall);
  return out;
}

export function parseTrace(json: string): TraceEvent[] {
  const parsed = JSON.parse(json) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}
