// The Kafka CLI command equivalent to each form, so operators can learn and script it.
// Pure string building; quoting is POSIX shell single quotes where a value needs it.

const BOOTSTRAP = '--bootstrap-server';

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9._,:=/@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function createTopicCommand(o: { bootstrap: string; name: string; partitions: number | string; replicationFactor: number | string; configs: Record<string, string> }): string {
  const parts = ['kafka-topics.sh', BOOTSTRAP, shellQuote(o.bootstrap), '--create', '--topic', shellQuote(o.name || '<name>'), '--partitions', String(o.partitions), '--replication-factor', String(o.replicationFactor)];
  for (const [k, v] of Object.entries(o.configs)) parts.push('--config', shellQuote(`${k}=${v}`));
  return parts.join(' ');
}

export function deleteTopicCommand(o: { bootstrap: string; name: string }): string {
  return ['kafka-topics.sh', BOOTSTRAP, shellQuote(o.bootstrap), '--delete', '--topic', shellQuote(o.name)].join(' ');
}

export function alterConfigsCommand(o: { bootstrap: string; name: string; set: Record<string, string>; delete: string[] }): string {
  const parts = ['kafka-configs.sh', BOOTSTRAP, shellQuote(o.bootstrap), '--alter', '--entity-type', 'topics', '--entity-name', shellQuote(o.name)];
  const set = Object.entries(o.set);
  // kafka-configs.sh splits --add-config on commas; list values go in [brackets]
  if (set.length) parts.push('--add-config', shellQuote(set.map(([k, v]) => `${k}=${v.includes(',') ? `[${v}]` : v}`).join(',')));
  if (o.delete.length) parts.push('--delete-config', shellQuote(o.delete.join(',')));
  return parts.join(' ');
}

export function addPartitionsCommand(o: { bootstrap: string; name: string; count: number | string }): string {
  return ['kafka-topics.sh', BOOTSTRAP, shellQuote(o.bootstrap), '--alter', '--topic', shellQuote(o.name), '--partitions', String(o.count)].join(' ');
}

/** kafka-delete-records.sh reads a JSON file; show it inline with a here-doc. */
export function purgeCommand(o: { bootstrap: string; name: string; partitions: { partition: number; offset: number | string }[] }): string {
  const json = JSON.stringify({ version: 1, partitions: o.partitions.map((p) => ({ topic: o.name, partition: p.partition, offset: Number(p.offset) })) });
  return `kafka-delete-records.sh ${BOOTSTRAP} ${shellQuote(o.bootstrap)} --offset-json-file <(echo ${shellQuote(json)})`;
}

/** Dynamic broker configs: one broker (--entity-name) or the cluster-wide default (--entity-default). */
export function alterBrokerConfigsCommand(o: { bootstrap: string; broker: number | 'default'; set: Record<string, string>; delete: string[] }): string {
  const parts = ['kafka-configs.sh', BOOTSTRAP, shellQuote(o.bootstrap), '--alter', '--entity-type', 'brokers', ...(o.broker === 'default' ? ['--entity-default'] : ['--entity-name', String(o.broker)])];
  const set = Object.entries(o.set);
  if (set.length) parts.push('--add-config', shellQuote(set.map(([k, v]) => `${k}=${v.includes(',') ? `[${v}]` : v}`).join(',')));
  if (o.delete.length) parts.push('--delete-config', shellQuote(o.delete.join(',')));
  return parts.join(' ');
}

/** kafka-reassign-partitions.sh reads a JSON file; show it inline with a here-doc. */
export function reassignCommand(o: { bootstrap: string; partitions: { topic: string; partition: number; replicas: number[] }[]; throttle?: number | null }): string {
  const json = JSON.stringify({ version: 1, partitions: o.partitions.map((p) => ({ topic: p.topic, partition: p.partition, replicas: p.replicas })) });
  return `kafka-reassign-partitions.sh ${BOOTSTRAP} ${shellQuote(o.bootstrap)} --execute --reassignment-json-file <(echo ${shellQuote(json)})${o.throttle ? ` --throttle ${o.throttle}` : ''}`;
}

/** kafka-leader-election.sh: the whole cluster, one topic's partitions, or named partitions. */
export function electLeadersCommand(o: { bootstrap: string; type: 'preferred' | 'unclean'; partitions?: { topic: string; partition: number }[] | null }): string {
  const parts = ['kafka-leader-election.sh', BOOTSTRAP, shellQuote(o.bootstrap), '--election-type', o.type === 'preferred' ? 'PREFERRED' : 'UNCLEAN'];
  if (!o.partitions) return [...parts, '--all-topic-partitions'].join(' ');
  if (o.partitions.length === 1) return [...parts, '--topic', shellQuote(o.partitions[0]!.topic), '--partition', String(o.partitions[0]!.partition)].join(' ');
  const json = JSON.stringify({ partitions: o.partitions });
  return `${parts.join(' ')} --path-to-json-file <(echo ${shellQuote(json)})`;
}
