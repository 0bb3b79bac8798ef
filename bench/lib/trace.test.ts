import { describe, expect, it } from 'vitest';
import { longTaskBreakdown, mainThreadTasks, parseTrace, type TraceEvent } from './trace';

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

describe('longTaskBreakdown', () => {
  const t = (name: string, ts: number, dur: number, tdur = dur, tid = 20): TraceEvent => ({ name, ph: 'X', pid: 2, tid, ts, dur, tdur });
  const trace: TraceEvent[] = [
    { name: 'thread_name', ph: 'M', pid: 2, tid: 20, args: { name: 'CrRendererMain' } },
    t('RunTask', 0, 120_000, 40_000),
    t('FunctionCall', 1_000, 30_000, 20_000),
    t('Layout', 5_000, 10_000), // inside FunctionCall: counted in it
    t('Layout', 40_000, 50_000, 15_000),
    t('Paint', 95_000, 5_000),
    t('RunTask', 200_000, 20_000), // short: left out
    t('Layout', 205_000, 10_000),
    t('Layout', 0, 90_000, 90_000, 21), // another thread
  ];
  it('sums the top-level events inside tasks over the threshold, by name', () => {
    expect(longTaskBreakdown(trace)).toEqual({
      tasks: 1,
      wall: 120,
      cpu: 40,
      byName: [
        { name: 'Layout', wall: 50, cpu: 15 },
        { name: 'FunctionCall', wall: 30, cpu: 20 },
        { name: 'Paint', wall: 5, cpu: 5 },
      ],
    });
  });
  it('is empty when no task is long', () => {
    expect(longTaskBreakdown(trace, 500)).toEqual({ tasks: 0, wall: 0, cpu: 0, byName: [] });
  });
});
