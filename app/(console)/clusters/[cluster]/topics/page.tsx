import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TopicsView } from '@/components/topics/topics-view';

export const metadata: Metadata = { title: 'Topics' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense>
      <TopicsView cluster={cluster} />
    </Suspense>
  );
}
