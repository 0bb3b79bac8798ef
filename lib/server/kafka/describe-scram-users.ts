import 'server-only';
import { describeUserScramCredentialsV0 } from '@platformatic/kafka';
import type { ScramMechanism, ScramUser } from '@/lib/contracts/scram-users';
import { answerOf, clusterConn, errorName } from './client';
import { KafkaProtocolError } from './kafka-errors';

/** DescribeUserScramCredentials: users and their mechanisms/iterations; brokers never send secrets here. */

export const SCRAM_MECHANISM_CODE: Record<ScramMechanism, number> = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 };
const MECHANISM_NAME = new Map<number, ScramMechanism>([
  [1, 'SCRAM-SHA-256'],
  [2, 'SCRAM-SHA-512'],
]);

/** Every user (names null), or the named ones; an unknown name is simply absent from the answer. */
export async function describeScramUsers(clusterId: string, names: string[] | null = null): Promise<ScramUser[]> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('DescribeUserScramCredentials', [describeUserScramCredentialsV0.api]);
  const res = await conn.send('admin', (c) => answerOf(api.async(c, names ? names.map((name) => ({ name })) : null)));
  if (res.errorCode !== 0) throw new KafkaProtocolError(errorName(res.errorCode), res.errorMessage);
  const users: ScramUser[] = [];
  for (const r of res.results) {
    if (r.errorCode === 91 /* RESOURCE_NOT_FOUND */) continue;
    if (r.errorCode !== 0) throw new KafkaProtocolError(errorName(r.errorCode), r.errorMessage);
    users.push({
      name: r.user,
      credentials: r.credentialInfos
        .map((c) => ({ mechanism: MECHANISM_NAME.get(c.mechanism as unknown as number)!, iterations: c.iterations }))
        .filter((c) => c.mechanism),
    });
  }
  return users.sort((a, b) => a.name.localeCompare(b.name));
}
