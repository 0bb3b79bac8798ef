import 'server-only';
import { Decoder, Encoder, type KafkaJsDecoder, type KafkaJsEncoder } from './low-level';
import { RequestCounter, sendHandEncoded } from './offsets';

// IncrementalAlterConfigs (API key 44, KIP-339) isn't in KafkaJS, whose alterConfigs replaces
// every override of a resource. This one changes only the keys named, atomically on the
// controller, so two operators editing different keys of one topic both keep their change.
export const INCREMENTAL_ALTER_CONFIGS = 44;
export const INCREMENTAL_ALTER_CONFIGS_VERSIONS = { min: 0, max: 1 } as const;

/** Kafka's AlterConfigOp.OpType ids. DELETE removes the override: the key is back at its default. */
export const CONFIG_OP = { set: 0, delete: 1, append: 2, subtract: 3 } as const;

export interface ConfigOp {
  name: string;
  op: (typeof CONFIG_OP)[keyof typeof CONFIG_OP];
  value: string | null;
}

export interface AlterResource {
  /** RESOURCE_TYPE (2 topic, 4 broker). */
  type: number;
  /** Topic name; broker id as a string, or '' for the cluster-wide broker default. */
  name: string;
  ops: ConfigOp[];
}

export interface AlterResourceResult {
  errorCode: number;
  errorMessage: string | null;
  type: number;
  name: string;
}

const flexible = (version: number) => version >= 1;

/** The request body (after KafkaJS's v1 request header). */
export function encodeIncrementalAlterConfigs(resources: AlterResource[], validateOnly: boolean, version: number): KafkaJsEncoder {
  const e = new Encoder();
  if (flexible(version)) {
    // The leading empty tag buffer completes KafkaJS's v1 request header into the flexible v2 one.
    e.writeUVarIntBytes();
    e.writeUVarIntArray(
      resources.map((r) =>
        new Encoder()
          .writeInt8(r.type)
          .writeUVarIntString(r.name)
          .writeUVarIntArray(r.ops.map((c) => new Encoder().writeUVarIntString(c.name).writeInt8(c.op).writeUVarIntString(c.value).writeUVarIntBytes()))
          .writeUVarIntBytes(),
      ),
    );
    return e.writeBoolean(validateOnly).writeUVarIntBytes();
  }
  e.writeArray(
    resources.map((r) =>
      new Encoder()
        .writeInt8(r.type)
        .writeString(r.name)
        .writeArray(
          r.ops.map((c) => new Encoder().writeString(c.name).writeInt8(c.op).writeString(c.value)),
          'object',
        ),
    ),
    'object',
  );
  return e.writeBoolean(validateOnly);
}

/** The response body (after the correlation id): one result per resource. */
export function decodeIncrementalAlterConfigs(raw: Buffer, version: number): AlterResourceResult[] {
  const d = new Decoder(raw);
  const flex = flexible(version);
  const str = (x: KafkaJsDecoder) => (flex ? x.readUVarIntString() : x.readString());
  if (flex) d.readTaggedFields(); // response header v1
  d.readInt32(); // throttle time
  const read = (r: KafkaJsDecoder): AlterResourceResult => {
    const out = { errorCode: r.readInt16(), errorMessage: str(r), type: r.readInt8(), name: str(r) ?? '' };
    if (flex) r.readTaggedFields();
    return out;
  };
  const results = (flex ? d.readUVarIntArray(read) : d.readArray(read)) ?? [];
  if (flex) d.readTaggedFields();
  return results;
}

/**
 * Sends IncrementalAlterConfigs. Topic resources and the cluster-wide broker default go to the
 * admin node (brokers forward them to the controller); one broker's own configs must be sent to
 * that broker, as Kafka's AdminClient does.
 */
export async function incrementalAlterConfigs(
  clusterId: string,
  resource: AlterResource,
  counter: RequestCounter = new RequestCounter(),
  validateOnly = false,
): Promise<AlterResourceResult> {
  const nodeId = resource.type === 4 && resource.name !== '' ? Number(resource.name) : null;
  const results = await sendHandEncoded(
    clusterId,
    nodeId,
    {
      apiKey: INCREMENTAL_ALTER_CONFIGS,
      apiName: 'IncrementalAlterConfigs',
      versions: INCREMENTAL_ALTER_CONFIGS_VERSIONS,
      encode: (v) => encodeIncrementalAlterConfigs([resource], validateOnly, v),
      decode: decodeIncrementalAlterConfigs,
    },
    counter,
  );
  const result = results.find((r) => r.name === resource.name) ?? results[0];
  if (!result) throw new Error('IncrementalAlterConfigs returned no result');
  return result;
}
