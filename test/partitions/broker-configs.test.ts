import { describe, expect, it } from 'vitest';
import { brokerConfigs } from '@/lib/contracts/partitions';
import { api } from '../helpers/api';
import { toolDynamicConfigs } from './cluster';

const C = '/api/clusters/local';

/** The console's dynamic entries of a broker (or the default), name → value, as kafka-configs.sh would list them. */
async function consoleDynamic(target: number | 'default'): Promise<Map<string, string>> {
  const res = await api('GET', `${C}/brokers/${target}/configs`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const own = target === 'default' ? 'dynamic-default-broker' : 'dynamic-broker';
  return new Map(
    brokerConfigs
      .parse(res.body)
      .configs.filter((c) => c.source === own && c.value !== null)
      .map((c) => [c.name, c.value!]),
  );
}

describe('broker configs', () => {
  it('a per-broker edit equals what kafka-configs.sh --describe reports, and a reset removes it', async () => {
    const res = await api('PATCH', `${C}/brokers/2/configs`, { set: { 'log.retention.bytes': '987654321', 'log.cleaner.threads': '2' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const tool = await toolDynamicConfigs({ broker: 2 });
    expect(tool.get('log.retention.bytes')).toBe('987654321');
    expect(tool.get('log.cleaner.threads')).toBe('2');
    expect(await consoleDynamic(2)).toEqual(tool);

    // per-key: resetting one key leaves the other
    const reset = await api('PATCH', `${C}/brokers/2/configs`, { delete: ['log.retention.bytes'] });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    const afterReset = await toolDynamicConfigs({ broker: 2 });
    expect(afterReset.has('log.retention.bytes')).toBe(false);
    expect(afterReset.get('log.cleaner.threads')).toBe('2');
    expect(await consoleDynamic(2)).toEqual(afterReset);
    await api('PATCH', `${C}/brokers/2/configs`, { delete: ['log.cleaner.threads'] });
  });

  it('a cluster-wide edit equals kafka-configs.sh --entity-default', async () => {
    const res = await api('PATCH', `${C}/brokers/default/configs`, { set: { 'log.cleaner.backoff.ms': '16000' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const tool = await toolDynamicConfigs({ broker: 'default' });
    expect(tool.get('log.cleaner.backoff.ms')).toBe('16000');
    expect(await consoleDynamic('default')).toEqual(tool);
    // every broker sees it as its cluster-wide default
    const b3 = brokerConfigs.parse((await api('GET', `${C}/brokers/3/configs`)).body).configs.find((c) => c.name === 'log.cleaner.backoff.ms');
    expect(b3).toMatchObject({ value: '16000', source: 'dynamic-default-broker' });
    expect((await api('PATCH', `${C}/brokers/default/configs`, { delete: ['log.cleaner.backoff.ms'] })).status).toBe(200);
    expect((await consoleDynamic('default')).has('log.cleaner.backoff.ms')).toBe(false);
  });

  it('static (read-only) keys are shown as such and refused with the field named', async () => {
    const configs = brokerConfigs.parse((await api('GET', `${C}/brokers/1/configs`)).body).configs;
    expect(configs.find((c) => c.name === 'log.dirs')).toMatchObject({ readOnly: true, source: 'static-broker' });
    const res = await api('PATCH', `${C}/brokers/1/configs`, { set: { 'log.dirs': '/tmp/elsewhere' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'READ_ONLY_CONFIG', field: 'set.log.dirs' } });
  });
});
