import 'server-only';
import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { alterUserScramCredentialsV0 } from '@platformatic/kafka';
import type { ScramMechanism } from '@/lib/contracts/scram-users';
import { answerOf, clusterConn, errorName } from './client';
import { SCRAM_MECHANISM_CODE } from './describe-scram-users';
import { KafkaProtocolError } from './kafka-errors';

/**
 * AlterUserScramCredentials. The password never leaves this process: the request carries a
 * random salt and the salted password, Hi(password, salt, i) of RFC 5802 (PBKDF2 with the
 * mechanism's HMAC), which is what Kafka's own ScramFormatter stores.
 */

const pbkdf2Async = promisify(pbkdf2);
const HASH: Record<ScramMechanism, { digest: string; bytes: number }> = {
  'SCRAM-SHA-256': { digest: 'sha256', bytes: 32 },
  'SCRAM-SHA-512': { digest: 'sha512', bytes: 64 },
};

export interface ScramUpsert {
  name: string;
  mechanism: ScramMechanism;
  password: string;
  iterations: number;
}

export async function saltedPassword(password: string, salt: Buffer, iterations: number, mechanism: ScramMechanism): Promise<Buffer> {
  const { digest, bytes } = HASH[mechanism];
  return pbkdf2Async(Buffer.from(password, 'utf8'), salt, iterations, bytes, digest);
}

export async function alterScramUsers(clusterId: string, change: { upsert?: ScramUpsert[]; remove?: { name: string; mechanism: ScramMechanism }[] }): Promise<void> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('AlterUserScramCredentials', [alterUserScramCredentialsV0.api]);
  const upsertions = await Promise.all(
    (change.upsert ?? []).map(async (u) => {
      const salt = randomBytes(32);
      return { name: u.name, mechanism: SCRAM_MECHANISM_CODE[u.mechanism], iterations: u.iterations, salt, saltedPassword: await saltedPassword(u.password, salt, u.iterations, u.mechanism) };
    }),
  );
  const deletions = (change.remove ?? []).map((d) => ({ name: d.name, mechanism: SCRAM_MECHANISM_CODE[d.mechanism] }));
  const res = await conn.send('admin', (c) => answerOf(api.async(c, deletions, upsertions)));
  const failed = res.results.find((r) => r.errorCode !== 0);
  if (failed) throw new KafkaProtocolError(errorName(failed.errorCode), failed.errorMessage);
}
