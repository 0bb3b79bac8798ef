import 'server-only';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { MetricKind } from '@/lib/contracts/broker-metrics';

/** What is stored per scrape: raw values, counters as counters (rates are taken when read). */
export type StoredMetric = Exclude<MetricKind, 'controllerChanges'> | 'controllerEpoch';

export interface ExporterSample {
  metric: StoredMetric;
  /** '' for a broker-wide value */
  topic: string;
  value: number;
}

export interface ExporterScrape {
  /** node id from the exporter (kafka.server:type=app-info), null if it doesn't say */
  brokerId: number | null;
  samples: ExporterSample[];
}

/** Exporter series (kafka/jmx-exporter.yaml names) → what the console stores. */
const SIMPLE: Record<string, StoredMetric> = {
  kafka_server_brokertopicmetrics_bytesin_total: 'bytesIn',
  kafka_server_brokertopicmetrics_bytesout_total: 'bytesOut',
  kafka_server_brokertopicmetrics_messagesin_total: 'messagesIn',
  kafka_server_replicamanager_underreplicatedpartitions: 'underReplicated',
  kafka_controller_kafkacontroller_offlinepartitionscount: 'offlinePartitions',
  kafka_server_replicamanager_isrshrinks_total: 'isrShrinks',
  kafka_server_replicamanager_isrexpands_total: 'isrExpands',
  kafka_controller_kafkacontroller_activecontrollercount: 'activeController',
  kafka_server_raft_metrics_current_epoch: 'controllerEpoch',
  kafka_log_logflushstats_logflushtimems_p99: 'logFlushLatency',
};
const BY_REQUEST: Record<string, Record<string, StoredMetric>> = {
  kafka_network_requestmetrics_requests_total: { Produce: 'produceRequests', FetchConsumer: 'fetchRequests' },
  kafka_network_requestmetrics_totaltimems_p99: { Produce: 'produceLatency', FetchConsumer: 'fetchLatency' },
};

/** Reads one exporter answer (Prometheus text) into stored samples; request counts summed over API versions. */
export function readExporter(text: string): ExporterScrape {
  const sums = new Map<string, ExporterSample>();
  let brokerId: number | null = null;
  const add = (metric: StoredMetric, topic: string, value: number) => {
    if (!Number.isFinite(value)) return;
    const key = `${metric}\u0000${topic}`;
    const s = sums.get(key);
    if (s) s.value += value;
    else sums.set(key, { metric, topic, value });
  };
  for (const family of parsePrometheusTextFormat(text)) {
    for (const m of family.metrics) {
      const value = Number(m.value);
      if (family.name === 'kafka_server_app_info_start_time_ms' && m.labels?.broker_id) {
        brokerId = Number(m.labels.broker_id);
        continue;
      }
      const simple = SIMPLE[family.name];
      if (simple) add(simple, m.labels?.topic ?? '', value);
      const byRequest = BY_REQUEST[family.name]?.[m.labels?.request ?? ''];
      if (byRequest) add(byRequest, '', value);
    }
  }
  return { brokerId, samples: [...sums.values()] };
}
