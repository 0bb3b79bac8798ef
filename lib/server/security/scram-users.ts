import 'server-only';
import { createScramUserInput, rotateScramPasswordInput, scramUserName, SCRAM_MECHANISMS, type ScramMechanism, type ScramUser } from '@/lib/contracts/scram-users';
import { Conflict, NotFound } from '../errors';
import { alterScramUsers } from '../kafka/alter-scram-users';
import { describeScramUsers } from '../kafka/describe-scram-users';
import { untilVisible } from './visible';

/**
 * SCRAM users. Passwords pass through here on their way to the broker (as salted hashes) and
 * are never returned, stored or logged: answers carry names, mechanisms and iterations only.
 */

export async function listScramUsers(cluster: string): Promise<ScramUser[]> {
  return describeScramUsers(cluster);
}

async function findUser(cluster: string, name: string): Promise<ScramUser | null> {
  return (await describeScramUsers(cluster, [name]))[0] ?? null;
}

export async function createScramUser(cluster: string, body: unknown): Promise<ScramUser> {
  const input = createScramUserInput.parse(body);
  const existing = await findUser(cluster, input.name);
  if (existing?.credentials.some((c) => c.mechanism === input.mechanism)) {
    throw new Conflict(`user "${input.name}" already has a ${input.mechanism} credential; rotate its password instead`, 'name', 'USER_EXISTS');
  }
  await alterScramUsers(cluster, { upsert: [{ name: input.name, mechanism: input.mechanism, password: input.password, iterations: input.iterations }] });
  await untilVisible(async () => Boolean((await findUser(cluster, input.name))?.credentials.some((c) => c.mechanism === input.mechanism)));
  return (await findUser(cluster, input.name)) ?? { name: input.name, credentials: [{ mechanism: input.mechanism, iterations: input.iterations }] };
}

export async function rotateScramPassword(cluster: string, rawName: string, body: unknown): Promise<ScramUser> {
  const name = scramUserName.parse(rawName);
  const input = rotateScramPasswordInput.parse(body);
  const existing = await findUser(cluster, name);
  if (!existing) throw new NotFound(`no SCRAM user "${name}"`, 'name');
  await alterScramUsers(cluster, { upsert: [{ name, mechanism: input.mechanism, password: input.password, iterations: input.iterations }] });
  return (await findUser(cluster, name)) ?? existing;
}

/** Removes the user's credentials: every mechanism, or the one named. */
export async function deleteScramUser(cluster: string, rawName: string, mechanism?: string | null): Promise<{ name: string; removed: ScramMechanism[] }> {
  const name = scramUserName.parse(rawName);
  const existing = await findUser(cluster, name);
  if (!existing) throw new NotFound(`no SCRAM user "${name}"`, 'name');
  let mechanisms = existing.credentials.map((c) => c.mechanism);
  if (mechanism) {
    const m = SCRAM_MECHANISMS.find((x) => x === mechanism);
    if (!m || !mechanisms.includes(m)) throw new NotFound(`user "${name}" has no ${mechanism} credential`, 'mechanism');
    mechanisms = [m];
  }
  await alterScramUsers(cluster, { remove: mechanisms.map((m) => ({ name, mechanism: m })) });
  await untilVisible(async () => !(await findUser(cluster, name))?.credentials.some((c) => mechanisms.includes(c.mechanism)));
  return { name, removed: mechanisms };
}
