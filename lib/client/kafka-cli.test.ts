import { describe, expect, it } from 'vitest';
import { addPartitionsCommand, alterConfigsCommand, createTopicCommand, deleteTopicCommand, purgeCommand, shellQuote } from './kafka-cli';

const bootstrap = '127.0.0.1:9092';

describe('kafka CLI equivalents', () => {
  it('creates with configs', () => {
    expect(createTopicCommand({ bootstrap, name: 'orders', partitions: 6, replicationFactor: 3, configs: { 'retention.ms': '86400000', 'cleanup.policy': 'compact,delete' } })).toBe(
      'kafka-topics.sh --bootstrap-server 127.0.0.1:9092 --create --topic orders --partitions 6 --replication-factor 3 --config retention.ms=86400000 --config cleanup.policy=compact,delete',
    );
  });
  it('quotes what the shell would split', () => {
    expect(shellQuote("it's a b")).toBe(`'it'\\''s a b'`);
    expect(shellQuote('a.b_c-1')).toBe('a.b_c-1');
  });
  it('alters only the changed keys, brackets list values, and resets', () => {
    expect(alterConfigsCommand({ bootstrap, name: 't', set: { 'cleanup.policy': 'compact,delete', 'retention.ms': '1000' }, delete: ['max.message.bytes'] })).toBe(
      "kafka-configs.sh --bootstrap-server 127.0.0.1:9092 --alter --entity-type topics --entity-name t --add-config 'cleanup.policy=[compact,delete],retention.ms=1000' --delete-config max.message.bytes",
    );
  });
  it('deletes, adds partitions, purges', () => {
    expect(deleteTopicCommand({ bootstrap, name: 't' })).toBe('kafka-topics.sh --bootstrap-server 127.0.0.1:9092 --delete --topic t');
    expect(addPartitionsCommand({ bootstrap, name: 't', count: 8 })).toBe('kafka-topics.sh --bootstrap-server 127.0.0.1:9092 --alter --topic t --partitions 8');
    expect(purgeCommand({ bootstrap, name: 't', partitions: [{ partition: 0, offset: 42 }] })).toContain(`'{"version":1,"partitions":[{"topic":"t","partition":0,"offset":42}]}'`);
  });
});
