import 'server-only';
import { findCoordinatorV3, findCoordinatorV4, findCoordinatorV5, findCoordinatorV6, protocolErrorsCodesById } from '@platformatic/kafka';
import { answerOf, UnsupportedApi, type ClusterConn, type RequestCounter } from './client';
import { KafkaProtocolError } from './kafka-errors';
import { singleton } from '../singleton';

/**
 * Where each group's coordinator is: cached per cluster for a minute, the rest looked up in one
 * batched FindCoordinator (v4+, KIP-699) per 1,000 groups; brokers before Kafka 3.0 get one
 * request per group. Callers that meet NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS forget
 * the group and ask again.
 */

const BATCHED = [findCoordinatorV6.api, findCoordinatorV5.api, findCoordinatorV4.api];
const GROUP_KEY_TYPE = 0;
const CHUNK = 1_000;
const TTL_MS = 60_000;
const MAX_ATTEMPTS = 5;

export const COORDINATOR_LOAD_IN_PROGRESS = 14;
export const COORDINATOR_NOT_AVAILABLE = 15;
export const NOT_COORDINATOR = 16;
export const GROUP_ID_NOT_FOUND = 69;
export const retriableCoordinatorCode = (code: number) => code === COORDINATOR_LOAD_IN_PROGRESS || code === COORDINATOR_NOT_AVAILABLE || code === NOT_COORDINATOR;

/** The broker's error as the layer's own (type = Kafka's error name). */
export function errorFromCode(code: number, message?: string | null): KafkaProtocolError {
  const type = protocolErrorsCodesById[code] ?? `KAFKA_ERROR_${code}`;
  return new KafkaProtocolError(type, message || type);
}

// cluster \0 group → coordinator; a singleton, so dev reloads keep it.
const cache = singleton('riffle:kafka/group-coordinators', () => new Map<string, { at: number; nodeId: number }>());
const key = (clusterId: string, groupId: string) => `${clusterId}\u0000${groupId}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function forgetCoordinator(clusterId: string, groupId: string): void {
  cache.delete(key(clusterId, groupId));
}

/** Drops every cached coordinator of a cluster (after it could not be reached). */
export function forgetCoordinators(clusterId: string): void {
  for (const k of cache.keys()) if (k.startsWith(`${clusterId}\u0000`)) cache.delete(k);
}

/**
 * Learns the cluster's brokers once per connection. Like connecting and ApiVersions, this is
 * the price of reaching the cluster, not of a call, so no call's RequestCounter counts it.
 */
export async function knowBrokers(conn: ClusterConn): Promise<void> {
  if (conn.knownBrokers().length === 0) await conn.metadata([]);
}

/** node id → the groups it coordinates. */
export async function groupCoordinators(conn: ClusterConn, groupIds: string[], counter?: RequestCounter): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  const put = (nodeId: number, groupId: string) => {
    const list = out.get(nodeId);
    if (list) list.push(groupId);
    else out.set(nodeId, [groupId]);
  };
  const now = Date.now();
  let missing: string[] = [];
  for (const id of new Set(groupIds)) {
    const hit = cache.get(key(conn.id, id));
    if (hit && hit.at > now - TTL_MS) put(hit.nodeId, id);
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  if (cache.size > 20_000) cache.clear();
  await knowBrokers(conn);
  let batched = true;
  const api = await conn.api('FindCoordinator', BATCHED).catch((err: unknown) => {
    if (!(err instanceof UnsupportedApi)) throw err;
    batched = false;
    return findCoordinatorV3.api; // one key per request
  });
  // A coordinator still loading its partition of __consumer_offsets answers with a retriable
  // error for the groups it holds: ask again for those, briefly.
  for (let attempt = 0; missing.length > 0; attempt++) {
    if (attempt > 0) await sleep(150 * attempt);
    const chunks: string[][] = [];
    const size = batched ? CHUNK : 1;
    for (let i = 0; i < missing.length; i += size) chunks.push(missing.slice(i, i + size));
    const answers = await Promise.all(chunks.map((keys) => conn.send('admin', (c) => answerOf(api.async(c, GROUP_KEY_TYPE, keys)), counter)));
    const retry: string[] = [];
    answers.forEach((answer, i) => {
      const keys = chunks[i]!;
      for (const [j, c] of answer.coordinators.entries()) {
        const groupId = batched ? c.key : keys[j]!;
        if (c.errorCode === 0) {
          cache.set(key(conn.id, groupId), { at: Date.now(), nodeId: c.nodeId });
          put(c.nodeId, groupId);
        } else if (retriableCoordinatorCode(c.errorCode) && attempt < MAX_ATTEMPTS - 1) retry.push(groupId);
        else throw errorFromCode(c.errorCode, c.errorMessage);
      }
    });
    missing = retry;
  }
  return out;
}
