import 'server-only';
import { brokerConfigTarget, type BrokerConfigTarget } from '@/lib/contracts/partitions';
import { alterConfigsInput, type ConfigEntry } from '@/lib/contracts/topics';
import { AppError, BadRequest, NotFound, Unprocessable } from '../errors';
import { errorName, UnsupportedApi } from '../kafka/client';
import { CONFIG_OP, incrementalAlterConfigs, type ConfigOp } from '../kafka/alter-configs';
import { describeConfigs } from '../kafka/describe-configs';
import { scanTopics } from '../kafka/metadata';

/**
 * Dynamic broker configs, per broker (`kafka-configs.sh --entity-type brokers --entity-name 1`)
 * or cluster-wide (`--entity-default`), edited like topic configs: one IncrementalAlterConfigs
 * naming only the keys changed. Keys the broker marks read-only (static, from server.properties)
 * are refused before anything is sent.
 */

export interface BrokerConfigs {
  target: BrokerConfigTarget;
  configs: ConfigEntry[];
  fetchedAt: string;
}

/** The {id} path segment: a broker id or "default". */
export function brokerTargetParam(raw: string): BrokerConfigTarget {
  const r = brokerConfigTarget.safeParse(raw);
  if (!r.success) throw new BadRequest(`broker must be a broker id or "default", not "${raw}"`, 'broker', 'VALIDATION_FAILED');
  return r.data;
}

const resourceName = (t: BrokerConfigTarget) => (t === 'default' ? '' : String(t));

async function assertBroker(clusterId: string, target: BrokerConfigTarget): Promise<void> {
  if (target === 'default') return;
  const scan = await scanTopics(clusterId, []);
  if (!scan.brokers.some((b) => b.nodeId === target)) throw new NotFound(`no broker with id ${target} in the cluster metadata`, 'broker');
}

async function describe(clusterId: string, target: BrokerConfigTarget): Promise<ConfigEntry[]> {
  const [r] = await describeConfigs(clusterId, [{ type: 'broker', name: resourceName(target) }]);
  if (r && r.errorCode !== 0) throw new AppError(422, errorName(r.errorCode), r.errorMessage ?? errorName(r.errorCode), 'broker');
  return r?.entries ?? [];
}

export async function getBrokerConfigs(clusterId: string, target: BrokerConfigTarget): Promise<BrokerConfigs> {
  await assertBroker(clusterId, target);
  return { target, configs: await describe(clusterId, target), fetchedAt: new Date().toISOString() };
}

export async function alterBrokerConfigs(clusterId: string, target: BrokerConfigTarget, body: unknown): Promise<BrokerConfigs> {
  const input = alterConfigsInput.parse(body);
  const set = input.set;
  const del = input.delete;
  await assertBroker(clusterId, target);
  // The cluster-wide default has no read-only flags of its own: a broker's describe says which keys are static.
  const reference = target === 'default' ? await describe(clusterId, (await scanTopics(clusterId, [])).brokers[0]?.nodeId ?? 0).catch(() => []) : await describe(clusterId, target);
  const byName = new Map(reference.map((c) => [c.name, c]));
  for (const k of Object.keys(set)) {
    if (byName.get(k)?.readOnly) throw new BadRequest(`${k} is read-only: a static broker config, set in server.properties and read at start-up`, `set.${k}`, 'READ_ONLY_CONFIG');
  }
  for (const k of del) {
    if (byName.get(k)?.readOnly) throw new BadRequest(`${k} is read-only: a static broker config, set in server.properties and read at start-up`, 'delete', 'READ_ONLY_CONFIG');
  }
  const ops: ConfigOp[] = [...Object.entries(set).map(([name, value]): ConfigOp => ({ name, op: CONFIG_OP.set, value })), ...del.map((name): ConfigOp => ({ name, op: CONFIG_OP.delete }))];
  let result;
  try {
    result = await incrementalAlterConfigs(clusterId, { type: 'broker', name: resourceName(target), ops });
  } catch (err) {
    if (err instanceof UnsupportedApi) throw new Unprocessable(`${err.message}: editing configs needs Kafka 2.3 or later`, undefined, 'UNSUPPORTED_VERSION');
    throw err;
  }
  if (result.errorCode !== 0) {
    const type = errorName(result.errorCode);
    const message = result.errorMessage || type;
    const key = [...Object.keys(set), ...del].find((k) => message.includes(k));
    const field = key === undefined ? 'set' : key in set ? `set.${key}` : 'delete';
    if (type === 'INVALID_CONFIG' || type === 'INVALID_REQUEST' || type === 'INVALID_CONFIGURATION') throw new BadRequest(message, field, 'INVALID_CONFIG');
    throw new AppError(422, type, message, field);
  }
  // Dynamic broker configs reach the brokers through the metadata log a moment later: answer once visible.
  const deadline = Date.now() + 5_000;
  for (;;) {
    const configs = await describe(clusterId, target);
    const now = new Map(configs.map((c) => [c.name, c]));
    const own = target === 'default' ? 'dynamic-default-broker' : 'dynamic-broker';
    const visible = Object.entries(set).every(([k, v]) => now.get(k)?.source === own && (now.get(k)?.sensitive || now.get(k)?.value === v)) && del.every((k) => now.get(k)?.source !== own);
    if (visible || Date.now() > deadline) return { target, configs, fetchedAt: new Date().toISOString() };
    await new Promise((r) => setTimeout(r, 100));
  }
}
