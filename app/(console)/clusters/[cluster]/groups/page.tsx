import type { Metadata } from 'next';
import { Suspense } from 'react';
import { GroupsListView } from '@/components/groups/groups-list-view';

export const metadata: Metadata = { title: 'Consumer groups' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense>
      <GroupsListView cluster={cluster} />
    </Suspense>
  );
}
