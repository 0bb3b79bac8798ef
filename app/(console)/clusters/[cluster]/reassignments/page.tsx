import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReassignmentsView } from '@/components/partitions/reassignments-view';

export const metadata: Metadata = { title: 'Reassignments' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense>
      <ReassignmentsView cluster={cluster} />
    </Suspense>
  );
}
