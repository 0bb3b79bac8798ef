import { describe, expect, it } from 'vitest';
import { alterBrokerConfigsCommand, electLeadersCommand, reassignCommand } from './kafka-cli';

const bootstrap = '127.0.0.1:9092';

describe('kafka CLI equivalents of partition operations', () => {
  it('broker configs, per broker and cluster-wide', () => {
    expect(alterBrokerConfigsCommand({ bootstrap, broker: 2, set: { 'log.retention.bytes': '1000' }, delete: ['log.cleaner.threads'] })).toBe(
      'kafka-configs.sh --bootstrap-server 127.0.0.1:9092 --alter --entity-type brokers --entity-name 2 --add-config log.retention.bytes=1000 --delete-config log.cleaner.threads',
    );
    expect(alterBrokerConfigsCommand({ bootstrap, broker: 'default', set: { 'log.cleaner.backoff.ms': '16000' }, delete: [] })).toBe(
      'kafka-configs.sh --bootstrap-server 127.0.0.1:9092 --alter --entity-type brokers --entity-default --add-config log.cleaner.backoff.ms=16000',
    );
  });
  it('a reassignment, with its throttle', () => {
    expect(reassignCommand({ bootstrap, partitions: [{ topic: 't', partition: 0, replicas: [2, 1] }], throttle: 1048576 })).toBe(
      `kafka-reassign-partitions.sh --bootstrap-server 127.0.0.1:9092 --execute --reassignment-json-file <(echo '{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[2,1]}]}') --throttle 1048576`,
    );
  });
  it('elections: whole cluster, one partition, several', () => {
    expect(electLeadersCommand({ bootstrap, type: 'preferred' })).toBe('kafka-leader-election.sh --bootstrap-server 127.0.0.1:9092 --election-type PREFERRED --all-topic-partitions');
    expect(electLeadersCommand({ bootstrap, type: 'unclean', partitions: [{ topic: 't', partition: 3 }] })).toBe('kafka-leader-election.sh --bootstrap-server 127.0.0.1:9092 --election-type UNCLEAN --topic t --partition 3');
    expect(electLeadersCommand({ bootstrap, type: 'preferred', partitions: [{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }] })).toBe(
      `kafka-leader-election.sh --bootstrap-server 127.0.0.1:9092 --election-type PREFERRED --path-to-json-file <(echo '{"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":1}]}')`,
    );
  });
});
