'use client';
import { Card, CardHeader } from '@/components/ui/card';
import { useUrlState } from '@/lib/client/use-url-state';
import { formatCount } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge, type Tone } from '@/components/ui/status-badge';
import { useLiveReadings, useReadings, useStations, useSummary, useWindows, type LiveState } from '@/lib/client/use-weather';
import { PrecipitationChart, PressureChart, TemperatureChart, WindChart } from './weather-charts';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

const liveTone: Record<LiveState, Tone> = { live: 'ok', connecting: 'info', reconnecting: 'warn', off: 'neutral' };
const f1 = (n: number | null | undefined, unit: string) => (n == null ? '—' : `${n.toFixed(1)} ${unit}`);

export function WeatherView({ cluster }: { cluster: string }) {
  const { params, set } = useUrlState();
  const stations = useStations();
  const list = stations.data?.stations ?? [];
  const requested = params.get('station');
  const station = requested ?? list.find((s) => s.station === 'Seattle')?.station ?? list[0]?.station ?? null;

  const daily = useReadings(station, 'daily');
  const normals = useReadings(station, 'hourly-normal');
  const newest = [...(daily.data?.readings ?? []), ...(normals.data?.readings ?? [])].reduce<string | undefined>((m, r) => (!m || r.observedAt > m ? r.observedAt : m), undefined);
  const live = useLiveReadings(station, daily.isSuccess && normals.isSuccess, newest, cluster);

  const pick = (s: string) => set({ station: s });

  const header = (
    <PageHeader
      title="Weather"
      description="NOAA daily observations (Seattle, New York, 2012–2015) and Seattle hourly climate normals, replayed through the pipeline into the database"
      actions={
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2 text-xs text-muted">
            Station
            <select
              aria-label="Station"
              data-testid="station-picker"
              className="rounded-md border border-border bg-surface px-2 py-1 text-[13px] text-fg"
              value={station ?? ''}
              onChange={(e) => pick(e.target.value)}
              disabled={list.length === 0}
            >
              {station && !list.some((s) => s.station === station) && <option value={station}>{station}</option>}
              {list.map((s) => (
                <option key={s.station} value={s.station}>
                  {s.station}
                </option>
              ))}
            </select>
          </label>
          <StatusBadge tone={liveTone[live.state]}>
            <span data-testid="live-state">{live.state === 'live' ? `live · ${formatCount(live.received)} new` : live.state}</span>
          </StatusBadge>
        </div>
      }
    />
  );

  if (stations.isPending) return (<>{header}<Loading label="Loading stations…" /></>);
  if (stations.error && !stations.data) return (<>{header}<ErrorState title="Could not load the weather stations" reason={stations.error.message} /></>);
  if (!station) {
    return (
      <>
        {header}
        <Card>
          <EmptyState title="No weather data in the database yet">
            Start the pipeline with <code className="font-mono">npm run pipeline</code> (or <code className="font-mono">npm run demo</code>); readings appear here as the database writer stores them.
          </EmptyState>
        </Card>
      </>
    );
  }

  const d = daily.data?.readings ?? [];
  const n = normals.data?.readings ?? [];
  const last = d[d.length - 1];
  const info = list.find((s) => s.station === station);
  // The station summary refreshes every 5 s but live readings land at once: count the days that
  // arrived since, so "days observed" and "latest day" never disagree on screen.
  const sinceSummary = info?.last ? d.filter((r) => r.observedAt.slice(0, 10) > info.last!.slice(0, 10)).length : 0;
  const lastDay = last ? last.observedAt.slice(0, 10) : info?.last;
  return (
    <>
      {header}
      <dl className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat label="Days observed" value={<span data-testid="days-count">{formatCount(info ? info.days + sinceSummary : d.length)}</span>} unit="days" hint={info?.first ? `${info.first} to ${lastDay}` : undefined} />
        <Stat label="Latest day" value={<span className="text-lg">{last ? last.observedAt.slice(0, 10) : '—'}</span>} hint={last?.condition ?? undefined} />
        <Stat label="Latest max" value={f1(last?.tempMaxC, '°C')} hint={last?.tempMaxF != null ? `${last.tempMaxF.toFixed(1)} °F` : undefined} />
        <Stat label="Latest min" value={f1(last?.tempMinC, '°C')} hint={last?.tempMinF != null ? `${last.tempMinF.toFixed(1)} °F` : undefined} />
        <Stat label="Latest precipitation" value={f1(last?.precipitationMm, 'mm')} />
        <Stat label="Latest wind" value={f1(last?.windMs, 'm/s')} />
      </dl>
      {daily.error && <ErrorState title="Could not load readings" reason={daily.error.message} />}
      <div className="grid gap-4 xl:grid-cols-2">
        <ChartCard title="Temperature (daily max/min band)" count={d.length} unit="days" testid="chart-temperature">
          {d.length ? <TemperatureChart daily={d} /> : <EmptyState title="No daily observations yet" />}
        </ChartCard>
        <ChartCard title="Precipitation (daily total)" count={d.length} unit="days" testid="chart-precipitation">
          {d.length ? <PrecipitationChart daily={d} /> : <EmptyState title="No daily observations yet" />}
        </ChartCard>
        <ChartCard title="Wind (daily mean)" count={d.length} unit="days" testid="chart-wind">
          {d.length ? <WindChart daily={d} /> : <EmptyState title="No daily observations yet" />}
        </ChartCard>
        <ChartCard title="Pressure (hourly climate normal, 1981–2010)" count={n.length} unit="hours" testid="chart-pressure">
          {n.length ? <PressureChart normals={n} /> : <EmptyState title="No pressure for this station">NOAA hourly normals exist for Seattle only.</EmptyState>}
        </ChartCard>
      </div>
      <div className="mt-4 grid gap-4 xl:grid-cols-[3fr_2fr]">
        <SummaryTable station={station} />
        <WindowsTable station={station} />
      </div>
    </>
  );
}

function ChartCard({ title, count, unit, testid, children }: { title: string; count: number; unit: string; testid: string; children: React.ReactNode }) {
  return (
    <Card data-testid={testid}>
      <CardHeader title={title} actions={<span className="text-xs text-muted tabular" data-testid={`${testid}-points`} data-points={count}>{formatCount(count)} {unit}</span>} />
      <div className="px-2 py-2">{children}</div>
    </Card>
  );
}

function SummaryTable({ station }: { station: string }) {
  const { data, error, isPending } = useSummary(station);
  return (
    <Card>
      <CardHeader title="Monthly summary" description="From the database: GET /api/weather/summary?bucket=month (daily observations)" />
      {isPending ? (
        <Loading />
      ) : error && !data ? (
        <ErrorState reason={error.message} />
      ) : !data?.rows.length ? (
        <EmptyState title="No months yet" />
      ) : (
        <div className="max-h-80 overflow-auto" role="region" aria-label="Monthly summary" tabIndex={0}>
          <Table className="w-full text-left text-[13px]" data-testid="summary-table">
            <THead className="sticky top-0 bg-surface text-xs text-muted">
              <TR>
                <TH>Month</TH>
                <TH className="px-3 py-2 text-right font-medium">Days</TH>
                <TH className="px-3 py-2 text-right font-medium">Mean max (°C)</TH>
                <TH className="px-3 py-2 text-right font-medium">Mean min (°C)</TH>
                <TH className="px-3 py-2 text-right font-medium">Precipitation (mm)</TH>
                <TH className="px-3 py-2 text-right font-medium">Mean wind (m/s)</TH>
              </TR>
            </THead>
            <TBody className="tabular">
              {[...data.rows].reverse().map((r) => (
                <TR key={r.period} className="border-b border-border last:border-0">
                  <TD className="px-4 py-1.5 font-medium">{r.period}</TD>
                  <TD className="px-3 py-1.5 text-right">{r.days}</TD>
                  <TD className="px-3 py-1.5 text-right">{r.meanTempMaxC.toFixed(1)}</TD>
                  <TD className="px-3 py-1.5 text-right">{r.meanTempMinC.toFixed(1)}</TD>
                  <TD className="px-3 py-1.5 text-right">{r.totalPrecipitationMm.toFixed(1)}</TD>
                  <TD className="px-3 py-1.5 text-right">{r.meanWindMs.toFixed(2)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}

function WindowsTable({ station }: { station: string }) {
  const { data, error, isPending } = useWindows(station);
  return (
    <Card>
      <CardHeader title="Newest 7-day windows" description="Tumbling event-time windows from the stream processor" />
      {isPending ? (
        <Loading />
      ) : error && !data ? (
        <ErrorState reason={error.message} />
      ) : !data?.windows.length ? (
        <EmptyState title="No windows yet" />
      ) : (
        <div className="max-h-80 overflow-auto" role="region" aria-label="Newest windows" tabIndex={0}>
          <Table className="w-full text-left text-[13px]" data-testid="windows-table">
            <THead className="sticky top-0 bg-surface text-xs text-muted">
              <TR>
                <TH>Window (UTC)</TH>
                <TH className="px-3 py-2 text-right font-medium">Days</TH>
                <TH className="px-3 py-2 text-right font-medium">Min / mean / max (°C)</TH>
                <TH className="px-3 py-2 text-right font-medium">Precip. (mm)</TH>
                <TH className="px-3 py-2 text-right font-medium">Wind (m/s)</TH>
              </TR>
            </THead>
            <TBody className="tabular">
              {data.windows.map((w) => (
                <TR key={w.windowStart} className="border-b border-border last:border-0">
                  <TD className="px-4 py-1.5">
                    {w.windowStart.slice(0, 10)} → {w.windowEnd.slice(0, 10)}
                  </TD>
                  <TD className="px-3 py-1.5 text-right">{w.count}</TD>
                  <TD className="px-3 py-1.5 text-right">
                    {w.tempMinC.toFixed(1)} / {w.tempMeanC.toFixed(1)} / {w.tempMaxC.toFixed(1)}
                  </TD>
                  <TD className="px-3 py-1.5 text-right">{w.precipitationMm.toFixed(1)}</TD>
                  <TD className="px-3 py-1.5 text-right">{w.windMeanMs.toFixed(2)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
