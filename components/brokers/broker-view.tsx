'use client';
import Link from 'next/link';
import { useBroker } from '@/lib/client/use-brokers';
import { CONFIG_SOURCES } from '@/lib/contracts/topics';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { formatCount, formatTime } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { clusterPath } from '@/components/shell/nav-items';
import { CONFIG_SOURCE_LABEL, humanConfig } from '@/components/topics/config-value';
import { inputBase } from '@/components/topics/form-bits';
import { useUrlState } from '@/components/topics/use-url-state';

const sourceLabel = CONFIG_SOURCE_LABEL;

export function BrokerView({ cluster, id }: { cluster: string; id: number }) {
  const { data, error, isPending } = useBroker(cluster, id);
  const { params, set } = useUrlState();
  const q = params.get('q') ?? '';
  const source = params.get('source') ?? '';
  const back = (
    <Link href={clusterPath(cluster, 'brokers')} className="text-xs text-accent hover:underline">
      ← All brokers
    </Link>
  );
  if (isPending) return <Loading label={`Loading broker ${id}…`} />;
  if (error && !data) {
    return (
      <>
        {back}
        <PageHeader title={`Broker ${id}`} />
        <ErrorState title="Could not load this broker" reason={error.message} />
      </>
    );
  }
  const { broker, configs } = data!;
  const rows = configs.filter((c) => c.name.includes(q.toLowerCase()) && (!source || c.source === source));
  const nonDefault = configs.filter((c) => c.source !== 'default').length;
  return (
    <>
      {back}
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            Broker {broker.nodeId}
            {broker.isController && <StatusBadge tone="info">active controller</StatusBadge>}
          </span>
        }
        description={
          <>
            <code className="font-mono">
              {broker.host}:{broker.port}
            </code>{' '}
            · rack {broker.rack ?? 'none'} · roles {broker.roles.join(' + ')} · fetched {formatTime(data!.fetchedAt)}
          </>
        }
      />
      <dl className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Partitions led" value={formatCount(broker.partitionsLed)} unit="partitions" />
        <Stat label="Replicas hosted" value={formatCount(broker.replicas)} unit="replicas" />
        <Stat label="Out of sync" value={formatCount(broker.outOfSyncReplicas)} unit="replicas" tone={broker.outOfSyncReplicas > 0 ? 'warn' : undefined} />
        <Stat label="Configs not at default" value={formatCount(nonDefault)} unit={`of ${formatCount(configs.length)}`} />
      </dl>
      <Card>
        <CardHeader
          title="Configs"
          description="Where each value comes from. Sensitive values (passwords, keys) are never shown."
          actions={
            <span className="flex gap-2">
              <select aria-label="Filter by source" className={cn(inputBase, 'w-48')} value={source} onChange={(e) => set({ source: e.target.value || null })}>
                <option value="">every source</option>
                {CONFIG_SOURCES.filter((s) => s !== 'topic').map((s) => (
                  <option key={s} value={s}>
                    {sourceLabel[s]}
                  </option>
                ))}
              </select>
              <input type="search" aria-label="Filter configs" placeholder="Filter configs" className={cn(inputBase, 'w-56')} defaultValue={q} onChange={(e) => set({ q: e.target.value || null })} />
            </span>
          }
        />
        <table className="w-full text-left text-[13px]" data-testid="broker-configs">
          <thead className="text-xs text-muted">
            <tr className="border-b border-border">
              <th className="px-4 py-2 font-medium">Key</th>
              <th className="px-4 py-2 font-medium">Value</th>
              <th className="px-4 py-2 font-medium">Source</th>
            </tr>
          </thead>
          <tbody className="tabular">
            {rows.map((c) => (
              <tr key={c.name} className="border-b border-border last:border-0" data-testid="broker-config-row" data-key={c.name}>
                <td className="px-4 py-1.5 font-mono text-xs">{c.name}</td>
                <td className="max-w-[40rem] px-4 py-1.5">
                  {c.sensitive ? (
                    <span className="text-muted" data-testid="masked">
                      •••••• (sensitive)
                    </span>
                  ) : c.value == null ? (
                    <span className="text-muted">unset</span>
                  ) : c.value === '' ? (
                    <span className="text-muted">(empty)</span>
                  ) : (
                    <span className="break-all font-mono text-xs">{c.value}</span>
                  )}
                  {!c.sensitive && humanConfig(c.name, c.value) && <span className="ml-2 text-xs text-muted">({humanConfig(c.name, c.value)})</span>}
                </td>
                <td className="whitespace-nowrap px-4 py-1.5">
                  <StatusBadge tone={c.source === 'default' ? 'neutral' : c.source === 'static-broker' ? 'info' : 'warn'}>{sourceLabel[c.source]}</StatusBadge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
