// Kafka configuration keys the console reads or writes, named once.
export const BROKER_CONFIG = {
  processRoles: 'process.roles',
  quorumVoters: 'controller.quorum.voters',
  quorumBootstrap: 'controller.quorum.bootstrap.servers',
  rack: 'broker.rack',
  zookeeperConnect: 'zookeeper.connect',
  interBrokerProtocol: 'inter.broker.protocol.version',
} as const;

/** Kafka's config resource types (DescribeConfigs, IncrementalAlterConfigs). */
export const RESOURCE_TYPE = { topic: 2, broker: 4 } as const;
