import 'server-only';
import { deleteAclsV1, deleteAclsV2, deleteAclsV3 } from '@platformatic/kafka';
import type { AclBinding, AclFilter } from '@/lib/contracts/acls';
import { answerOf, clusterConn, errorName } from './client';
import { fromWire, toWireFilter } from './describe-acls';
import { KafkaProtocolError } from './kafka-errors';

/** DeleteAcls: removes every binding a filter matches and answers the ones it removed. */

const CANDIDATES = [deleteAclsV3.api, deleteAclsV2.api, deleteAclsV1.api];

export async function deleteAcls(clusterId: string, filter: AclFilter): Promise<AclBinding[]> {
  const conn = clusterConn(clusterId);
  const api = await conn.api('DeleteAcls', CANDIDATES);
  const res = await conn.send('admin', (c) => answerOf(api.async(c, [toWireFilter(filter)] as never)));
  const r = res.filterResults[0];
  if (!r) return [];
  if (r.errorCode !== 0) throw new KafkaProtocolError(errorName(r.errorCode), r.errorMessage);
  const failed = r.matchingAcls.find((a) => a.errorCode !== 0);
  if (failed) throw new KafkaProtocolError(errorName(failed.errorCode), failed.errorMessage);
  return r.matchingAcls.map(fromWire);
}
