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

/** The busiest renderer main thread's RunTask events (the page's; other renderers idle). */
export function mainThreadTasks(events: TraceEvent[]): MainThreadTask[] {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best: MainThreadTask[] = [];
  let bestCpu = -1;
  for (const m of mains) {
    const tasks = events
      .filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === m.pid && e.tid === m.tid)
      .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
    const cpu = tasks.reduce((s, t) => s + t.cpu, 0);
    if (cpu > bestCpu) {
      best = tasks;
      bestCpu = cpu;
    }
  }
  return best;
}

export function parseTrace(json: string): TraceEvent[] {
  const parsed = JSON.parse(json) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}
