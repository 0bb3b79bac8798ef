import 'server-only';
import { electionInput, type ElectionResult } from '@/lib/contracts/partitions';
import { BadRequest, NotFound, Unprocessable } from '../errors';
import { UnsupportedApi } from '../kafka/client';
import { electLeaders } from '../kafka/elect-leaders';
import { scanTopics } from '../kafka/metadata';

/**
 * Leader elections. Preferred: give each partition back to its first replica (after a broker
 * bounce leaders pile up on the brokers that stayed). Unclean: a partition with no leader in
 * its ISR takes an out-of-sync replica, losing what that replica never got, so it needs the
 * partitions named and acceptDataLoss.
 */
export async function runElection(clusterId: string, body: unknown): Promise<ElectionResult> {
  const input = electionInput.parse(body);
  let targets: { topic: string; partitions: number[] }[] | null = null;
  if (input.topic || input.partitions) {
    const names = input.topic ? [input.topic] : [...new Set(input.partitions!.map((p) => p.topic))];
    const scan = await scanTopics(clusterId, names);
    const byName = new Map(scan.topics.map((t) => [t.name, t]));
    if (input.topic) {
      const t = byName.get(input.topic);
      if (!t) throw new NotFound(`topic "${input.topic}" does not exist`, 'topic');
      targets = [{ topic: t.name, partitions: t.partitions.map((p) => p.partition) }];
    } else {
      const grouped = new Map<string, number[]>();
      input.partitions!.forEach((p, i) => {
        const t = byName.get(p.topic);
        if (!t) throw new NotFound(`topic "${p.topic}" does not exist`, `partitions.${i}.topic`);
        if (!t.partitions.some((x) => x.partition === p.partition)) {
          throw new BadRequest(`"${p.topic}" has no partition ${p.partition} (it has ${t.partitions.length})`, `partitions.${i}.partition`, 'UNKNOWN_PARTITION');
        }
        grouped.set(p.topic, [...new Set([...(grouped.get(p.topic) ?? []), p.partition])]);
      });
      targets = [...grouped].map(([topic, partitions]) => ({ topic, partitions }));
    }
  }
  let answers;
  try {
    answers = await electLeaders(clusterId, input.type, targets);
  } catch (err) {
    if (err instanceof UnsupportedApi) throw new Unprocessable(`${err.message}: leader election needs Kafka 2.4 or later`, undefined, 'UNSUPPORTED_VERSION');
    throw err;
  }
  return {
    results: answers
      .map((a) => ({
        topic: a.topic,
        partition: a.partition,
        outcome: a.error === null ? ('elected' as const) : a.error === 'ELECTION_NOT_NEEDED' ? ('not-needed' as const) : ('failed' as const),
        error: a.error,
        message: a.message,
      }))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition)),
  };
}
