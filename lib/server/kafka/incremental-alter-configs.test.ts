import { describe, expect, it } from 'vitest';
import { CONFIG_OP, decodeIncrementalAlterConfigs, encodeIncrementalAlterConfigs } from './incremental-alter-configs';

// Bytes written out by hand from Kafka's IncrementalAlterConfigsRequest/Response.json
// (kafka-clients common/message): v1 is flexible (compact strings/arrays, tag buffers).
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const compact = (s: string) => (s.length + 1).toString(16).padStart(2, '0') + Buffer.from(s).toString('hex');
const classic = (s: string) => s.length.toString(16).padStart(4, '0') + Buffer.from(s).toString('hex');

const resource = {
  type: 2,
  name: 'orders',
  ops: [
    { name: 'retention.ms', op: CONFIG_OP.set, value: '60000' },
    { name: 'segment.ms', op: CONFIG_OP.delete, value: null },
  ],
};

describe('IncrementalAlterConfigs request', () => {
  it('v1: SET with a value, DELETE with a null compact string', () => {
    expect(encodeIncrementalAlterConfigs([resource], false, 1).buffer).toEqual(
      hex(
        [
          '00', // completes the v2 request header
          '02', // 1 resource
          `02 ${compact('orders')}`,
          '03', // 2 configs
          `${compact('retention.ms')} 00 ${compact('60000')} 00`,
          `${compact('segment.ms')} 01 00 00`, // null value = compact length 0
          '00', // resource tags
          '00', // validate only = false
          '00', // body tags
        ].join(' '),
      ),
    );
  });

  it('v0: INT32 arrays, INT16 strings, a null value as length -1; validateOnly', () => {
    expect(encodeIncrementalAlterConfigs([resource], true, 0).buffer).toEqual(
      hex(
        [
          '00000001',
          `02 ${classic('orders')}`,
          '00000002',
          `${classic('retention.ms')} 00 ${classic('60000')}`,
          `${classic('segment.ms')} 01 ffff`,
          '01',
        ].join(' '),
      ),
    );
  });

  it('a broker resource by id, and the cluster-wide default as the empty name', () => {
    const buf = encodeIncrementalAlterConfigs([{ type: 4, name: '', ops: [{ name: 'log.cleaner.threads', op: CONFIG_OP.set, value: '2' }] }], false, 1).buffer;
    expect(buf.subarray(0, 4)).toEqual(hex('00 02 04 01'));
  });
});

describe('IncrementalAlterConfigs response', () => {
  it("v1: per-resource error code and the broker's own message", () => {
    const msg = 'Invalid value sometimes for configuration cleanup.policy: String must be one of: compact, delete';
    const raw = hex(`00 00000000 03 0000 00 02 ${compact('ok')} 00  0028 ${compact(msg)} 02 ${compact('bad')} 00  00`);
    expect(decodeIncrementalAlterConfigs(raw, 1)).toEqual([
      { errorCode: 0, errorMessage: null, type: 2, name: 'ok' },
      { errorCode: 40, errorMessage: msg, type: 2, name: 'bad' },
    ]);
  });

  it('v0: classic encoding, null message as -1', () => {
    const raw = hex(`00000000 00000001 0000 ffff 04 ${classic('1')}`);
    expect(decodeIncrementalAlterConfigs(raw, 0)).toEqual([{ errorCode: 0, errorMessage: null, type: 4, name: '1' }]);
  });
});
