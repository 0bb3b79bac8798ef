import type { Metadata } from 'next';
import { Suspense } from 'react';
import { GroupDetailView } from '@/components/groups/group-detail-view';

type Props = { params: Promise<{ cluster: string; group: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { group } = await params;
  return { title: `Group ${decodeURIComponent(group)}` };
}

export default async function Page({ params }: Props) {
  const { cluster, group } = await params;
  return (
    <Suspense>
      <GroupDetailView cluster={cluster} group={decodeURIComponent(group)} />
    </Suspense>
  );
}
