import 'server-only';
import { Admin, ConnectionPool, metadataV12, protocolErrorsCodesById, type API, type BaseOptions, type Connection, type SASLOptions } from '@platformatic/kafka';

export type MetadataResponse = Awaited<ReturnType<typeof metadataV12.api.async>>;
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { clusterConfig } from '../clusters';
import type { ClusterConfig } from '../config';
import { isUnreachable, KafkaProtocolError } from './kafka-errors';
import { installKafkaRequestMetrics } from './request-metrics';
import { singleton } from '../singleton';

/**
 * The Kafka layer's connection to each cluster: the only module that builds clients of
 * @platformatic/kafka for the console server. Per cluster and process there is one request
 * pool (the Admin's connections: every admin call and every request this layer sends by
 * itself goes over it). Long polls get pools of their own (fetch.ts LongPollChannel): a broker
 * answers a connection's requests in order, so a tail's 500 ms fetch must not sit in front of
 * an admin call.
 */

const SASL_MECHANISM = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

/** Client options for a cluster: brokers, TLS, SASL, and timeouts that fail fast. */
export function clientOptions(cluster: ClusterConfig, clientId = 'riffle-console', seeds: string[] = cluster.brokers): BaseOptions {
  const options: BaseOptions = {
    clientId,
    bootstrapBrokers: seeds,
    // A console answering "unreachable" in 3 s beats one that hangs for 30.
    connectTimeout: 3_000,
    requestTimeout: 15_000,
    timeout: 10_000,
    retries: 2,
    retryDelay: 150,
    metadataMaxAge: 30_000,
    // No client the console makes may create a topic by asking about it (brokers with
    // auto.create.topics.enable would): the library's default, said here so it stays so.
    autocreateTopics: false,
  };
  if (cluster.sasl) {
    options.sasl = { mechanism: SASL_MECHANISM[cluster.sasl.mechanism], username: cluster.sasl.username, password: cluster.sasl.password } as SASLOptions;
  }
  if (cluster.tls) options.tls = tlsOptions(cluster.tls);
  return options;
}

function tlsOptions(tls: NonNullable<ClusterConfig['tls']>): TlsOptions {
  if (tls === true) return {};
  return { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized, servername: tls.servername };
}

export interface BrokerAddress {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

/** Counts the Kafka requests one console call sends (the topic list's stats, the benchmarks). */
export class RequestCounter {
  count = 0;
  /** ms spent in Metadata requests. */
  metadataMs = 0;
}

/** The supported version range of each API key, as ApiVersions reported it. */
export type ApiVersionRanges = Map<number, { min: number; max: number }>;

/** The broker speaks none of the versions the console speaks for a request. */
export class UnsupportedApi extends Error {
  constructor(
    readonly apiName: string,
    readonly nodeId: number | null,
  ) {
    super(`${nodeId === null ? 'the cluster' : `broker ${nodeId}`} does not support ${apiName} in a version the console speaks`);
    this.name = 'UnsupportedApi';
  }
}

export class ClusterConn {
  #admin: Admin | null = null;
  #brokers = new Map<number, BrokerAddress>();
  #controllerId: number | null = null;
  #versions: Promise<ApiVersionRanges> | null = null;

  constructor(readonly id: string) {}

  get config(): ClusterConfig {
    return clusterConfig(this.id);
  }

  /** Seeds for new clients: the configured brokers, then every broker metadata named, so losing node 1 of 3 doesn't lose the cluster. */
  seeds(): string[] {
    return [...new Set([...this.config.brokers, ...[...this.#brokers.values()].map((b) => `${b.host}:${b.port}`)])];
  }

  /** The cluster's admin client; its connection pool is the cluster's request pool. */
  get admin(): Admin {
    this.#admin ??= new Admin(clientOptions(this.config, 'riffle-console', this.seeds()));
    return this.#admin;
  }

  /**
   * Runs fn with the admin. After a failure to reach the cluster, the admin is dropped, so the
   * next call starts over from every known broker (the client keeps its first seed list).
   */
  async withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.admin;
    try {
      return await fn(admin);
    } catch (err) {
      if (isUnreachable(err)) this.reset(admin);
      throw err;
    }
  }

  /** Drops the clients after a connection failure (only if `admin` is still the current one). */
  reset(admin: Admin | null = this.#admin): void {
    if (admin && this.#admin === admin) {
      this.#admin = null;
      this.#versions = null;
      admin.close().catch(() => {});
    }
  }

  /** Brokers and controller as the last Metadata answer named them. */
  knownBrokers(): BrokerAddress[] {
    return [...this.#brokers.values()];
  }

  get controllerId(): number | null {
    return this.#controllerId;
  }

  /**
   * One Metadata request (v12) on any connection: `null` asks for every topic in the same
   * request, which the client's own metadata() cannot (an empty list means none there).
   */
  async metadata(topics: string[] | null, counter?: RequestCounter): Promise<MetadataResponse> {
    const started = performance.now();
    try {
      return await this.withAdmin(async () => {
        const connection = await this.anyConnection();
        if (counter) counter.count++;
        // The client throws when any topic has an error (unknown, no leader yet); callers read each topic's code.
        const md = await answerOf(metadataV12.api.async(connection, topics, false, false));
        this.#brokers = new Map(md.brokers.map((b) => [b.nodeId, { nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null }]));
        this.#controllerId = md.controllerId >= 0 ? md.controllerId : null;
        return md;
      });
    } finally {
      if (counter) counter.metadataMs += performance.now() - started;
    }
  }

  /** A connection to a broker the last metadata named (asked again once when it names none). */
  async connection(nodeId: number, counter?: RequestCounter): Promise<Connection> {
    const broker = await this.broker(nodeId, counter);
    return this.admin.connections.get({ host: broker.host, port: broker.port });
  }

  /** A known broker's address by node id (metadata asked once more when it names none). */
  async broker(nodeId: number, counter?: RequestCounter): Promise<BrokerAddress> {
    if (!this.#brokers.has(nodeId)) await this.metadata([], counter);
    const broker = this.#brokers.get(nodeId);
    if (!broker) throw new KafkaProtocolError('BROKER_NOT_AVAILABLE', `broker ${nodeId} is not in the cluster metadata`);
    return broker;
  }

  /** A pool of connections of its own (a long-polling reader's), with the cluster's TLS and SASL. */
  newConnectionPool(clientId: string, requestTimeout = 30_000): ConnectionPool {
    const { bootstrapBrokers: _seeds, metadataMaxAge: _age, retries: _r, retryDelay: _d, timeout: _t, clientId: id, ...connection } = clientOptions(this.config, clientId);
    return new ConnectionPool(id, { ...connection, requestTimeout });
  }

  /** Known brokers first, then the seeds: where to look for any live broker. */
  #candidates(): { host: string; port: number }[] {
    const known = [...this.#brokers.values()].map((b) => ({ host: b.host, port: b.port }));
    const seeds = this.seeds().map((s) => {
      const at = s.lastIndexOf(':');
      return { host: s.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(s.slice(at + 1)) };
    });
    return [...known, ...seeds];
  }

  /** Any live broker: a known one first, else the seeds. */
  async anyConnection(): Promise<Connection> {
    return this.admin.connections.getFirstAvailable(this.#candidates());
  }

  #wholeClusterPool: { pool: ConnectionPool; timeoutMs: number } | null = null;

  /**
   * One Metadata request for every topic, on a connection pool of its own with a long timeout
   * (the topic index's read). At 50,000 topics a broker takes 15–19 s to answer it: on the
   * shared pool it would pass the 15 s request timeout, and every request queued behind it on
   * that connection (a broker answers a connection's requests in order) would wait as long.
   */
  async metadataOfEveryTopic(timeoutMs: number, counter?: RequestCounter): Promise<MetadataResponse> {
    if (this.#wholeClusterPool?.timeoutMs !== timeoutMs) {
      this.#wholeClusterPool?.pool.close().catch(() => {});
      this.#wholeClusterPool = { pool: this.newConnectionPool('riffle-topic-index', timeoutMs), timeoutMs };
    }
    const own = this.#wholeClusterPool;
    const started = performance.now();
    try {
      const connection = await own.pool.getFirstAvailable(this.#candidates());
      if (counter) counter.count++;
      return await answerOf(metadataV12.api.async(connection, null, false, false));
    } catch (err) {
      // start over from every known broker next time (a dead broker's connection stays broken)
      if (isUnreachable(err) && this.#wholeClusterPool === own) {
        this.#wholeClusterPool = null;
        own.pool.close().catch(() => {});
      }
      throw err;
    } finally {
      if (counter) counter.metadataMs += performance.now() - started;
    }
  }

  /** The API versions the cluster speaks (asked once per admin; brokers of one cluster agree outside a rolling upgrade). */
  versions(): Promise<ApiVersionRanges> {
    this.#versions ??= this.admin.listApis().then(
      (apis) => new Map(apis.map((a) => [a.apiKey, { min: a.minVersion, max: a.maxVersion }])),
      (err: unknown) => {
        this.#versions = null;
        throw err;
      },
    );
    return this.#versions;
  }

  /** The highest version of an API both sides speak, or UnsupportedApi. */
  async version(apiKey: number, apiName: string, speaks: { min: number; max: number }): Promise<number> {
    const range = (await this.versions()).get(apiKey);
    if (!range || range.max < speaks.min || range.min > speaks.max) throw new UnsupportedApi(apiName, null);
    return Math.min(range.max, speaks.max);
  }

  /**
   * Of the library's versions of one API (each an API object with its key and version), the
   * highest the cluster speaks too. The versions given must share one request signature.
   */
  async api<A extends unknown[], R>(apiName: string, candidates: API<A, R>[]): Promise<API<A, R>> {
    const range = (await this.versions()).get(candidates[0]!.key);
    const best = candidates.filter((c) => range && c.version >= range.min && c.version <= range.max).sort((a, b) => b.version - a.version)[0];
    if (!best) throw new UnsupportedApi(apiName, null);
    return best;
  }

  /** Where admin requests go: the controller when it is a broker we know, else any broker. */
  async adminNode(counter?: RequestCounter): Promise<number> {
    if (this.#brokers.size === 0) await this.metadata([], counter);
    const c = this.#controllerId;
    if (c !== null && this.#brokers.has(c)) return c;
    const first = this.#brokers.keys().next().value;
    if (first === undefined) throw new KafkaProtocolError('BROKER_NOT_AVAILABLE', 'the cluster metadata names no broker');
    return first;
  }

  /**
   * Sends a request to one broker, or to the admin node (`'admin'`). When that broker can't be
   * reached, metadata is asked again and the request goes to the node it names then, once: a
   * killed broker's connections fail until metadata stops naming it.
   */
  async send<T>(target: number | 'admin', fn: (connection: Connection) => Promise<T>, counter?: RequestCounter): Promise<T> {
    const attempt = async () => {
      const nodeId = target === 'admin' ? await this.adminNode(counter) : target;
      const connection = await this.connection(nodeId, counter);
      if (counter) counter.count++;
      return fn(connection);
    };
    try {
      return await attempt();
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      await this.metadata([], counter);
      return attempt();
    }
  }

  async close(): Promise<void> {
    const admin = this.#admin;
    this.#admin = null;
    const own = this.#wholeClusterPool;
    this.#wholeClusterPool = null;
    await own?.pool.close().catch(() => {});
    await admin?.close().catch(() => {});
  }
}

// One per cluster per process, a singleton so dev-mode reloads reuse it.
const conns = singleton('riffle:kafka/client', (): Map<string, ClusterConn> => new Map());

export function clusterConn(clusterId: string): ClusterConn {
  let conn = conns.get(clusterId);
  if (!conn) {
    installKafkaRequestMetrics(); // before the first connection, so GET /api/metrics misses no request
    clusterConfig(clusterId); // NotFound for an unknown cluster, before anything connects
    conn = new ClusterConn(clusterId);
    conns.set(clusterId, conn);
  }
  return conn;
}

/** Runs fn with the cluster's admin client (see ClusterConn.withAdmin). */
export function withAdmin<T>(clusterId: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
  return clusterConn(clusterId).withAdmin(fn);
}

/** Closes every cluster's connections (tests, shutdown). */
export async function closeAllClusters(): Promise<void> {
  const all = [...conns.values()];
  conns.clear();
  await Promise.all(all.map((c) => c.close()));
}

/**
 * The decoded answer even when it holds per-resource errors: the client throws a ResponseError
 * for those, which keeps the answer, and the caller wants each resource's own code and message.
 */
export async function answerOf<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (err) {
    const e = err as { code?: string; response?: T };
    if (e.code === 'PLT_KFK_RESPONSE' && e.response && typeof e.response === 'object') return e.response;
    throw err;
  }
}

/** Kafka's name for a protocol error code ("INVALID_CONFIG" for 40). */
export function errorName(code: number): string {
  return protocolErrorsCodesById[code] ?? `KAFKA_ERROR_${code}`;
}
