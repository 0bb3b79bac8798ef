import { redirect } from 'next/navigation';
import { listClusterConfigs } from '@/lib/server/clusters';

export const dynamic = 'force-dynamic';

export default function Home() {
  const first = listClusterConfigs()[0]!;
  redirect(`/clusters/${encodeURIComponent(first.id)}`);
}
