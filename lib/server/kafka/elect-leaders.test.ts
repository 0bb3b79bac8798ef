import { Reader } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { createElectLeadersRequest, ELECTION_TYPE, parseElectLeadersResponse } from './elect-leaders';

// Bytes written out by hand from Kafka's ElectLeadersRequest.json / ElectLeadersResponse.json (v2, flexible).
describe('ElectLeaders v2 on the wire', () => {
  it('encodes named partitions', () => {
    const bytes = createElectLeadersRequest(ELECTION_TYPE.preferred, [{ topic: 't', partitions: [0, 1] }], 1000).buffer;
    expect(bytes.toString('hex')).toBe(
      [
        '00', // election_type PREFERRED
        '02', // 1 topic (compact: n + 1)
        '0274', // "t"
        '03', '00000000', '00000001', // partitions [0, 1]
        '00', // the topic's tagged fields
        '000003e8', // timeout 1000 ms
        '00', // tagged fields
      ].join(''),
    );
  });

  it('encodes "every partition" as a null array, and unclean as 1', () => {
    expect(createElectLeadersRequest(ELECTION_TYPE.preferred, null, 1000).buffer.toString('hex')).toBe('00' + '00' + '000003e8' + '00');
    expect(createElectLeadersRequest(ELECTION_TYPE.unclean, [], 5).buffer.toString('hex')).toBe('01' + '01' + '00000005' + '00');
  });

  it('decodes per-partition results, errors included', () => {
    const hex = [
      '00000000', // throttle
      '0000', // error code
      '02', // 1 result
      '0274', // "t"
      '03', // 2 partitions
      '00000000', '0000', '00', '00', // p0: elected, no message
      '00000001', '0054', '0c' + Buffer.from('not needed!').toString('hex'), '00', // p1: 84 ELECTION_NOT_NEEDED, "not needed!"
      '00', // topic tags
      '00', // tags
    ].join('');
    const answer = parseElectLeadersResponse(0, 43, 2, Reader.from(Buffer.from(hex, 'hex')));
    expect(answer).toEqual({
      throttleTimeMs: 0,
      errorCode: 0,
      results: [
        {
          topic: 't',
          partitions: [
            { partition: 0, errorCode: 0, errorMessage: null },
            { partition: 1, errorCode: 84, errorMessage: 'not needed!' },
          ],
        },
      ],
    });
  });
});
