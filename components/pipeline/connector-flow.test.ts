import { describe, expect, it } from 'vitest';
import type { ConnectorSummary } from '@/lib/contracts/connect';
import { connectorFlows } from './connector-flow';

const connector = (name: string, type: string, topics: string[] | null, state: ConnectorSummary['state'] = 'RUNNING', failedTasks = 0): ConnectorSummary => ({
  name,
  type,
  className: null,
  state,
  workerId: '127.0.0.1:8083',
  tasks: [{ id: 0, state: failedTasks ? 'FAILED' : 'RUNNING', workerId: '127.0.0.1:8083' }],
  failedTasks,
  topics,
});

const pipeline = [
  { role: 'raw', name: 'weather.raw' },
  { role: 'processed', name: 'weather.processed' },
];

describe('connectorFlows', () => {
  it('puts sources before the topics they wrote and sinks after the ones they read', () => {
    const rows = connectorFlows([{ connect: 'local', connectors: [connector('csv-sink', 'sink', ['connect.csv']), connector('csv-source', 'source', ['connect.csv'])] }]);
    expect(rows).toEqual([
      {
        topic: 'connect.csv',
        pipelineRole: null,
        sources: [{ connect: 'local', name: 'csv-source', type: 'source', state: 'RUNNING', tasks: 1, failedTasks: 0 }],
        sinks: [{ connect: 'local', name: 'csv-sink', type: 'sink', state: 'RUNNING', tasks: 1, failedTasks: 0 }],
      },
    ]);
  });

  it("names the pipeline's topics by their role and lists them first, in the pipeline's order, then the rest by name, then connectors with no topic yet", () => {
    const rows = connectorFlows(
      [
        { connect: 'b', connectors: [connector('zeta-sink', 'sink', ['z.topic']), connector('idle', 'source', null), connector('db-sink', 'sink', ['weather.processed'], 'RUNNING', 1)] },
        { connect: 'a', connectors: [connector('feed', 'source', ['weather.raw', 'a.topic']), connector('fresh-sink', 'sink', [])] },
      ],
      pipeline,
    );
    expect(rows.map((r) => [r.topic, r.pipelineRole])).toEqual([
      ['weather.raw', 'raw'],
      ['weather.processed', 'processed'],
      ['a.topic', null],
      ['z.topic', null],
      [null, null],
    ]);
    // a connector that wrote two topics points into both
    expect(rows.filter((r) => r.sources.some((s) => s.name === 'feed')).map((r) => r.topic)).toEqual(['weather.raw', 'a.topic']);
    expect(rows[1]!.sinks).toEqual([{ connect: 'b', name: 'db-sink', type: 'sink', state: 'RUNNING', tasks: 1, failedTasks: 1 }]);
    // no topic yet (null: the worker did not say; []: none used): each on its side, ordered by Connect cluster then name
    expect(rows[4]).toMatchObject({ sources: [{ connect: 'b', name: 'idle' }], sinks: [{ connect: 'a', name: 'fresh-sink' }] });
  });

  it('keeps a connector of neither type on the writing side, and answers nothing for no connectors', () => {
    expect(connectorFlows([{ connect: 'x', connectors: [connector('odd', 'unknown', ['t'])] }])[0]).toMatchObject({ topic: 't', sources: [{ name: 'odd' }], sinks: [] });
    expect(connectorFlows([], pipeline)).toEqual([]);
    expect(connectorFlows([{ connect: 'x', connectors: [] }], pipeline)).toEqual([]);
  });
});
