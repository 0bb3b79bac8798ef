import 'server-only';
import { connectionsApiChannel, protocolAPIsById } from '@platformatic/kafka';
import { riffleMetrics } from '../observability/riffle-metrics';
import { singleton } from '../singleton';

/**
 * Counts every Kafka request this server sends, by API, through the client's own diagnostics
 * channel: it sees the Admin's calls, ClusterConn.send's hand-built requests and the tails' long
 * polls alike, so no call site has to remember to count (a RequestCounter only counts the calls
 * that pass one in). Subscribed once per process.
 */
type Diagnostic = { apiKey?: number; error?: unknown };

const g = singleton('riffle:kafka/request-metrics', (): { riffleKafkaRequestMetrics?: boolean } => ({}));

export function installKafkaRequestMetrics(): void {
  if (g.riffleKafkaRequestMetrics) return;
  g.riffleKafkaRequestMetrics = true;
  const m = riffleMetrics();
  const started = new WeakMap<object, number>();
  const apiOf = (d: Diagnostic) => protocolAPIsById[d.apiKey ?? -1] ?? `api-${d.apiKey}`;
  connectionsApiChannel.subscribe({
    start(message) {
      const d = message as Diagnostic;
      m.kafkaRequests.inc({ api: apiOf(d) });
      started.set(message as object, performance.now());
    },
    end() {},
    asyncStart(message) {
      // the answer arrived (or failed to parse): the round trip is over
      const t = started.get(message as object);
      if (t !== undefined) m.kafkaDuration.observe({ api: apiOf(message as Diagnostic) }, (performance.now() - t) / 1000);
    },
    asyncEnd() {},
    error(message) {
      const d = message as Diagnostic;
      m.kafkaErrors.inc({ api: apiOf(d), code: errorCode(d.error) });
    },
  });
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  if (e && typeof e.code === 'string') return e.code;
  if (e && typeof e.name === 'string') return e.name;
  return 'unknown';
}
