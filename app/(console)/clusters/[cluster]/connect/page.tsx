import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ConnectView } from '@/components/connect/connect-view';

export const metadata: Metadata = { title: 'Kafka Connect' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense>
      <ConnectView cluster={cluster} />
    </Suspense>
  );
}
