import { redirect } from 'next/navigation';
import { requireSignedIn } from '@/lib/server/auth/page-session';
import { listClusterConfigs } from '@/lib/server/clusters';

export const dynamic = 'force-dynamic';

export default async function Home() {
  await requireSignedIn('/');
  const first = listClusterConfigs()[0]!;
  redirect(`/clusters/${encodeURIComponent(first.id)}`);
}
