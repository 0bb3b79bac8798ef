import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LiveTailView } from '@/components/live/live-tail-view';
import { Loading } from '@/components/ui/states';

export const metadata: Metadata = { title: 'Live tail' };

export default async function LivePage({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense fallback={<Loading label="Opening the live tail…" />}>
      <LiveTailView cluster={cluster} />
    </Suspense>
  );
}
