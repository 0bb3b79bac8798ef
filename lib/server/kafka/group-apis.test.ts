import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Reader, Writer, type API } from '@platformatic/kafka';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  alterShareGroupOffsetsV0,
  deleteShareGroupOffsetsV0,
  describeShareGroupOffsetsV0,
  describeShareGroupOffsetsV1,
  shareGroupDescribeV1,
  streamsGroupDescribeV0,
  streamsGroupDescribeV1,
} from './group-apis';

/**
 * The hand-written share and streams group codecs against Kafka's own: every request this layer
 * writes is read back by kafka-clients' generated *Data class (which fails on a byte too many or
 * too few), and every answer it decodes was written by one, from the same values.
 */

const root = path.resolve(__dirname, '../../..');
const kafkaVersion = /<kafka\.version>([^<]+)</.exec(fs.readFileSync(path.join(root, 'kafka/pom.xml'), 'utf8'))![1];
const classpath = path.join(root, '.cache', `kafka-${kafkaVersion}`, 'libs', '*');

type Job = { op: 'write'; message: string; version: number; json: unknown } | { op: 'read'; message: string; version: number; hex: string };

/** Kafka's jars (`node scripts/kafka.mjs jars`), fetched first on a fresh clone when this file runs alone. */
function ensureKafkaJars(): void {
  if (fs.existsSync(path.dirname(classpath))) return;
  execFileSync(process.execPath, [path.join(root, 'scripts/kafka.mjs'), 'jars'], { stdio: 'inherit', timeout: 600_000 });
}

/** One JVM for a batch of jobs (test/helpers/KafkaMessageBytes.java). */
function kafkaBytes(jobs: Job[]): { hex?: string; json?: unknown }[] {
  const out = execFileSync('java', ['-Xmx256m', '-cp', classpath, path.join(root, 'test/helpers/KafkaMessageBytes.java')], { input: JSON.stringify(jobs), timeout: 120_000 });
  return JSON.parse(out.toString()) as { hex?: string; json?: unknown }[];
}

/** The request body and the answer parser an API object would use, without a connection. */
function codec<A extends unknown[], R>(api: API<A, R>, ...args: A) {
  let captured: { create: () => Writer; parse: (c: number, k: number, v: number, r: Reader) => R } | undefined;
  const fakeConnection = { send: (_k: number, _v: number, create: () => Writer, parse: never) => (captured = { create, parse }) };
  (api as unknown as (c: unknown, ...a: unknown[]) => void)(fakeConnection, ...args, () => {});
  return {
    requestHex: Buffer.from(captured!.create().buffer).toString('hex'),
    parse: (hex: string) => {
      try {
        return captured!.parse(0, api.key, api.version, Reader.from(Buffer.from(hex, 'hex')));
      } catch (err) {
        const e = err as { response?: R };
        if (e.response) return e.response; // per-resource errors: the answer rides on the error
        throw err;
      }
    },
  };
}

// Kafka's JSON form writes a UUID as unpadded base64; the library reads it hyphenated.
const uuidB64 = (hyphenated: string) => Buffer.from(hyphenated.replaceAll('-', ''), 'hex').toString('base64url');
const TOPIC_ID = '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';

// Requests: [message class, version, the bytes we write, what Kafka should read from them].
function requestCases(): [string, number, string, unknown][] {
    const jobs: [string, number, string, unknown][] = [];
    const add = (message: string, hex: string, api: { version: number }, expected: unknown) => jobs.push([message, api.version, hex, expected]);
    add('ShareGroupDescribeRequestData', codec(shareGroupDescribeV1, ['queue-a', 'q\u00e9-b'], true).requestHex, shareGroupDescribeV1, { groupIds: ['queue-a', 'q\u00e9-b'], includeAuthorizedOperations: true });
    for (const api of [describeShareGroupOffsetsV0, describeShareGroupOffsetsV1]) {
      add(
        'DescribeShareGroupOffsetsRequestData',
        codec(api, [
          { groupId: 'g1', topics: null },
          { groupId: 'g2', topics: [{ topicName: 'orders', partitions: [0, 2, 5] }] },
        ]).requestHex,
        api,
        {
          groups: [
            { groupId: 'g1', topics: null },
            { groupId: 'g2', topics: [{ topicName: 'orders', partitions: [0, 2, 5] }] },
          ],
        },
      );
    }
    add(
      'AlterShareGroupOffsetsRequestData',
      codec(alterShareGroupOffsetsV0, 'g', [{ topicName: 'orders', partitions: [{ partitionIndex: 1, startOffset: 9_007_199_254_740_993n }, { partitionIndex: 0, startOffset: 0n }] }]).requestHex,
      alterShareGroupOffsetsV0,
      { groupId: 'g', topics: [{ topicName: 'orders', partitions: [{ partitionIndex: 1, startOffset: 9_007_199_254_740_993 }, { partitionIndex: 0, startOffset: 0 }] }] },
    );
    add('DeleteShareGroupOffsetsRequestData', codec(deleteShareGroupOffsetsV0, 'g', ['a', 'b']).requestHex, deleteShareGroupOffsetsV0, { groupId: 'g', topics: [{ topicName: 'a' }, { topicName: 'b' }] });
    add('StreamsGroupDescribeRequestData', codec(streamsGroupDescribeV0, ['app'], false, true).requestHex, streamsGroupDescribeV0, { groupIds: ['app'], includeAuthorizedOperations: false });
    add('StreamsGroupDescribeRequestData', codec(streamsGroupDescribeV1, ['app', 'b'], false, true).requestHex, streamsGroupDescribeV1, { groupIds: ['app', 'b'], includeAuthorizedOperations: false, includeTopologyDescription: true });

    return jobs;
}

// Answers: [message class, version, Kafka's JSON form of the answer, our API object].
function answerCases(): [string, number, unknown, API<never[], unknown>][] {
    const shareDescribe = {
      throttleTimeMs: 7,
      groups: [
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'queue-a',
          groupState: 'Stable',
          groupEpoch: 5,
          assignmentEpoch: 4,
          assignorName: 'simple',
          members: [
            {
              memberId: 'm-1',
              rackId: null,
              memberEpoch: 3,
              clientId: 'console-share-consumer',
              clientHost: '/127.0.0.1',
              subscribedTopicNames: ['orders', 'refunds'],
              assignment: { topicPartitions: [{ topicId: uuidB64(TOPIC_ID), topicName: 'orders', partitions: [0, 1, 2] }] },
            },
          ],
          authorizedOperations: -2147483648,
        },
        { errorCode: 69, errorMessage: 'Group q-none not found.', groupId: 'q-none', groupState: 'Dead', groupEpoch: -1, assignmentEpoch: -1, assignorName: '', members: [], authorizedOperations: 0 },
      ],
    };
    const offsets = (withLag: boolean) => ({
      throttleTimeMs: 0,
      groups: [
        {
          groupId: 'queue-a',
          topics: [
            {
              topicName: 'orders',
              topicId: uuidB64(TOPIC_ID),
              partitions: [
                { partitionIndex: 0, startOffset: 12, leaderEpoch: 0, ...(withLag ? { lag: 30 } : {}), errorCode: 0, errorMessage: null },
                { partitionIndex: 1, startOffset: -1, leaderEpoch: -1, ...(withLag ? { lag: -1 } : {}), errorCode: 0, errorMessage: null },
              ],
            },
          ],
          errorCode: 0,
          errorMessage: null,
        },
      ],
    });
    const alter = { throttleTimeMs: 0, errorCode: 0, errorMessage: null, responses: [{ topicName: 'orders', topicId: uuidB64(TOPIC_ID), partitions: [{ partitionIndex: 0, errorCode: 0, errorMessage: null }, { partitionIndex: 9, errorCode: 3, errorMessage: 'no such partition' }] }] };
    const del = { throttleTimeMs: 0, errorCode: 68, errorMessage: 'The group is not empty.', responses: [{ topicName: 'orders', topicId: uuidB64(TOPIC_ID), errorCode: 0, errorMessage: null }] };
    const node = (name: string, nodeType: number, extra: Partial<{ sourceTopics: string[]; sinkTopic: string | null; stores: string[]; successors: string[] }>) => ({ name, nodeType, sourceTopics: [], sinkTopic: null, stores: [], successors: [], ...extra });
    const tasks = (a: number[]) => ({ activeTasks: [{ subtopologyId: '0', partitions: a }], standbyTasks: [], warmupTasks: [{ subtopologyId: '1', partitions: [2] }] });
    const streams = (v: 0 | 1) => ({
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'wordcount',
          groupState: 'Stable',
          groupEpoch: 3,
          assignmentEpoch: 3,
          topology: {
            epoch: 0,
            subtopologies: [
              { subtopologyId: '0', sourceTopics: ['text'], repartitionSinkTopics: ['wordcount-counts-repartition'], stateChangelogTopics: [], repartitionSourceTopics: [] },
              {
                subtopologyId: '1',
                sourceTopics: [],
                repartitionSinkTopics: [],
                stateChangelogTopics: [{ name: 'wordcount-counts-changelog', partitions: 3, replicationFactor: -1, topicConfigs: [{ key: 'cleanup.policy', value: 'compact' }] }],
                repartitionSourceTopics: [{ name: 'wordcount-counts-repartition', partitions: 3, replicationFactor: 1, topicConfigs: [] }],
              },
            ],
          },
          members: [
            {
              memberId: 'm-1',
              memberEpoch: 3,
              instanceId: null,
              rackId: 'r1',
              clientId: 'wordcount-StreamThread-1-consumer',
              clientHost: '/127.0.0.1',
              topologyEpoch: 0,
              processId: 'b1c2',
              userEndpoint: { host: 'localhost', port: 65535 },
              clientTags: [{ key: 'zone', value: 'a' }],
              taskOffsets: [{ subtopologyId: '1', partition: 0, offset: 42 }],
              taskEndOffsets: [{ subtopologyId: '1', partition: 0, offset: 50 }],
              assignment: tasks([0, 1]),
              targetAssignment: tasks([0, 1, 2]),
              isClassic: false,
            },
          ],
          authorizedOperations: 0,
          ...(v === 1
            ? {
                topologyDescription: {
                  subtopologies: [
                    {
                      subtopologyId: '0',
                      nodes: [node('KSTREAM-SOURCE-0000000000', 1, { sourceTopics: ['text'], successors: ['KSTREAM-FLATMAPVALUES-0000000001'] }), node('KSTREAM-SINK-0000000005', 3, { sinkTopic: 'wordcount-counts-repartition' })],
                    },
                  ],
                  globalStores: [{ source: node('gs-src', 1, { sourceTopics: ['g'], successors: ['gs-proc'] }), processor: node('gs-proc', 2, { stores: ['g-store'] }) }],
                },
                topologyDescriptionStatus: 0,
                assignorName: 'sticky',
              }
            : {}),
        },
      ],
    });
    const cases: [string, number, unknown, API<never[], unknown>][] = [
      ['ShareGroupDescribeResponseData', 1, shareDescribe, shareGroupDescribeV1 as never],
      ['DescribeShareGroupOffsetsResponseData', 0, offsets(false), describeShareGroupOffsetsV0 as never],
      ['DescribeShareGroupOffsetsResponseData', 1, offsets(true), describeShareGroupOffsetsV1 as never],
      ['AlterShareGroupOffsetsResponseData', 0, alter, alterShareGroupOffsetsV0 as never],
      ['DeleteShareGroupOffsetsResponseData', 0, del, deleteShareGroupOffsetsV0 as never],
      ['StreamsGroupDescribeResponseData', 0, streams(0), streamsGroupDescribeV0 as never],
      ['StreamsGroupDescribeResponseData', 1, streams(1), streamsGroupDescribeV1 as never],
    ];
    return cases;
}

const requests = requestCases();
const answers = answerCases();
let fromKafka: { hex?: string; json?: unknown }[] = [];

describe('group-apis: the share and streams group codecs against kafka-clients 4.4', () => {
  // One JVM (it compiles the helper first: seconds on a busy machine) for every case.
  beforeAll(() => {
    ensureKafkaJars();
    fromKafka = kafkaBytes([
      ...requests.map(([message, version, hex]): Job => ({ op: 'read', message, version, hex })),
      ...answers.map(([message, version, json]): Job => ({ op: 'write', message, version, json })),
    ]);
  }, 600_000);

  it('writes requests that Kafka reads back field for field', () => {
    // int64 values go through JSON as numbers on both sides.
    requests.forEach(([message, , , expected], i) => expect(JSON.parse(JSON.stringify(fromKafka[i]!.json)), message).toEqual(JSON.parse(JSON.stringify(expected))));
  });

  it('decodes answers Kafka writes', () => {
    const bytes = fromKafka.slice(requests.length);
    answers.forEach(([message, version, json, api], i) => {
      const decoded = codec(api).parse(bytes[i]!.hex!);
      // Back to Kafka's JSON form: bigint → number, hyphenated UUID → base64, v0 lag absent.
      const normal = JSON.parse(
        JSON.stringify(decoded, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v) ? uuidB64(v) : v)),
        function (this: Record<string, unknown>, k, v: unknown) {
          if (version === 0 && message.startsWith('DescribeShareGroupOffsets') && k === 'lag') return undefined;
          if (version === 0 && message.startsWith('StreamsGroupDescribe') && (k === 'topologyDescription' || k === 'topologyDescriptionStatus' || k === 'assignorName')) return undefined;
          return v;
        },
      ) as unknown;
      expect(normal, `${message} v${version}`).toEqual(json);
    });
  });
});
