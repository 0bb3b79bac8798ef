import { notFound } from 'next/navigation';
import { ConsoleShell } from '@/components/shell/console-shell';
import { listClusterConfigs } from '@/lib/server/clusters';

export default async function ClusterLayout({ children, params }: { children: React.ReactNode; params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  // Only the configured cluster list is read here; Kafka is reached through the API.
  if (!listClusterConfigs().some((c) => c.id === cluster)) notFound();
  return <ConsoleShell cluster={cluster}>{children}</ConsoleShell>;
}
