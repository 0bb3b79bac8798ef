'use client';
import { METRIC_KINDS, metricsRange, type BrokerMetricsResponse, type MetricKind, type MetricsRange } from '@/lib/contracts/broker-metrics';
import { useBrokerMetrics, type BrokerMetricsRequest } from '@/lib/client/use-broker-metrics';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { useUrlState } from '@/lib/client/use-url-state';
import { formatMetric, MetricsChart } from './metrics-chart';

const rangeLabels: Record<MetricsRange, string> = { '15m': '15 min', '1h': '1 hour', '6h': '6 hours', '24h': '24 hours' };

/** The newest value of each series, summed: what a chart shows "now". */
function latest(series: BrokerMetricsResponse['series']): number | null {
  let sum: number | null = null;
  for (const s of series) {
    const last = [...s.points].reverse().find(([, v]) => v !== null);
    if (last) sum = (sum ?? 0) + last[1]!;
  }
  return sum;
}

/**
 * Broker metrics charts for a scope (the cluster's brokers, one broker, or topics), with a time
 * range kept in the URL (?range=). Says where the numbers come from, and which exporter is down
 * and why; a missing source says how to configure one.
 */
export function BrokerMetricsPanel({ cluster, scope, broker, topic, kinds, title, testId }: Omit<BrokerMetricsRequest, 'range'> & { cluster: string; kinds: MetricKind[]; title: string; testId: string }) {
  const { params, set } = useUrlState();
  const parsed = metricsRange.safeParse(params.get('range'));
  const range: MetricsRange = parsed.success ? parsed.data : '15m';
  const { data, error, isPending } = useBrokerMetrics(cluster, { scope, range, broker, topic });

  const source =
    data?.source === 'jmx'
      ? `From the brokers' JMX exporters, scraped every ${data.scrapeIntervalSeconds} s; one point per ${data.stepSeconds} s.`
      : data?.source === 'prometheus'
        ? `From Prometheus (${data.sources[0]?.url}); one point per ${data.stepSeconds} s.`
        : 'Broker metrics';
  return (
    <Card className="mb-5" data-testid={testId}>
      <CardHeader
        title={title}
        description={source}
        actions={
          <div role="group" aria-label="Time range" className="flex overflow-hidden rounded-md border border-border text-xs">
            {metricsRange.options.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={r === range}
                onClick={() => set({ range: r === '15m' ? null : r })}
                className={`px-2.5 py-1 ${r === range ? 'bg-accent text-accent-fg' : 'bg-surface hover:bg-surface-2'}`}
              >
                {rangeLabels[r]}
              </button>
            ))}
          </div>
        }
      />
      <div className="p-4">
        {isPending ? (
          <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            {kinds.slice(0, 3).map((k) => (
              <Skeleton key={k} className="h-44" />
            ))}
          </div>
        ) : error && !data ? (
          <ErrorState title="Could not load the metrics" reason={error.message} />
        ) : data!.source === 'none' ? (
          <EmptyState title="No metrics configured">{data!.hint}</EmptyState>
        ) : (
          <MetricsGrid data={data!} kinds={kinds} />
        )}
      </div>
    </Card>
  );
}

/** The series one chart draws: a topic's total when there is one (not its per-broker parts), only series with some value. */
function seriesOf(data: BrokerMetricsResponse, kind: MetricKind): BrokerMetricsResponse['series'] {
  const totals = data.series.some((x) => x.metric === kind && x.broker === undefined);
  return data.series.filter((s) => s.metric === kind && (!totals || s.broker === undefined) && s.points.some(([, v]) => v !== null));
}

function MetricsGrid({ data, kinds }: { data: BrokerMetricsResponse; kinds: MetricKind[] }) {
  const down = data.sources.filter((s) => !s.ok);
  const withSeconds = data.to - data.from <= 3_600_000;
  return (
    <>
      {down.map((s) => (
        <div key={s.url} className="mb-3">
          <ErrorState
            title={`${s.broker !== null ? `Broker ${s.broker}'s exporter` : 'Metrics source'} is not answering: its charts stop at ${s.lastScrapeAt ? new Date(s.lastScrapeAt).toLocaleTimeString('en-GB', { timeZoneName: 'short' }) : 'their start'}`}
            reason={`${s.url}: ${s.error}`}
          />
        </div>
      ))}
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {kinds.map((kind) => {
          const series = seriesOf(data, kind);
          const unit = METRIC_KINDS[kind].unit;
          const now = latest(series);
          return (
            <figure key={kind} className="min-w-0" data-testid={`metrics-chart-${kind}`} data-latest={now ?? ''}>
              <figcaption className="mb-1 flex items-baseline justify-between gap-2 text-xs">
                <span className="font-medium text-fg">
                  {METRIC_KINDS[kind].title} <span className="text-muted">({unit})</span>
                </span>
                <span className="tabular text-muted">now {formatMetric(now, unit, true)}</span>
              </figcaption>
              {series.length === 0 ? (
                <div className="flex h-44 items-center justify-center rounded-md border border-dashed border-border px-4 text-center text-xs text-muted">
                  {down.length ? 'No data: the exporter is down (above)' : 'No data in this range yet'}
                </div>
              ) : (
                <MetricsChart series={series} unit={unit} withSeconds={withSeconds} />
              )}
            </figure>
          );
        })}
      </div>
    </>
  );
}
