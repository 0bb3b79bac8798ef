import { describe, expect, it } from 'vitest';
import { mainThreadTasks, parseTrace, type TraceEvent } from './trace';

const events: TraceEvent[] = [
  { name: 'thread_name', ph: 'M', pid: 1, tid: 10, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', pid: 2, tid: 20, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', pid: 2, tid: 21, args: { name: 'Compositor' } },
  { name: 'RunTask', ph: 'X', pid: 1, tid: 10, dur: 1000, tdur: 900 },
  { name: 'RunTask', ph: 'X', pid: 2, tid: 20, dur: 80_000, tdur: 12_000 },
  { name: 'RunTask', ph: 'X', pid: 2, tid: 20, dur: 5_000 },
  { name: 'Layout', ph: 'X', pid: 2, tid: 20, dur: 3_000, tdur: 3_000 },
  { name: 'RunTask', ph: 'X', pid: 2, tid: 21, dur: 90_000, tdur: 90_000 },
];

describe('mainThreadTasks', () => {
  it("takes the busiest renderer main thread's top-level tasks, wall and CPU time in ms", () => {
    expect(mainThreadTasks(events)).toEqual([
      { wall: 80, cpu: 12 },
      { wall: 5, cpu: 5 },
    ]);
  });
  it('is empty without a renderer main thread', () => {
    expect(mainThreadTasks(events.filter((e) => e.ph !== 'M'))).toEqual([]);
  });
  it('reads both trace file shapes', () => {
    expect(parseTrace(JSON.stringify(events))).toHaveLength(events.length);
    expect(parseTrace(JSON.stringify({ traceEvents: events }))).toHaveLength(events.length);
  });
});
