import type { MetricKind } from '@/lib/contracts/broker-metrics';

/** The charts of a broker (and of the cluster's brokers side by side). */
export const BROKER_CHARTS: MetricKind[] = ['bytesIn', 'bytesOut', 'messagesIn', 'produceRequests', 'fetchRequests', 'produceLatency', 'fetchLatency', 'underReplicated', 'offlinePartitions', 'isrShrinks', 'isrExpands', 'controllerChanges', 'logFlushLatency'];
/** The charts of topics. */
export const TOPIC_CHARTS: MetricKind[] = ['bytesIn', 'bytesOut', 'messagesIn'];
