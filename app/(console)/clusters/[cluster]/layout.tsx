import { notFound } from 'next/navigation';
import { ConsoleShell } from '@/components/shell/console-shell';
import { requireSignedIn } from '@/lib/server/auth/page-session';
import { listClusterConfigs } from '@/lib/server/clusters';

export default async function ClusterLayout({ children, params }: { children: React.ReactNode; params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  // Enforced here, in the page itself, not in a proxy: signed-out visitors go to /login.
  const me = await requireSignedIn(`/clusters/${encodeURIComponent(cluster)}`);
  // Only the configured cluster list is read here; Kafka is reached through the API.
  if (!listClusterConfigs().some((c) => c.id === cluster)) notFound();
  return (
    <ConsoleShell cluster={cluster} me={me}>
      {children}
    </ConsoleShell>
  );
}
