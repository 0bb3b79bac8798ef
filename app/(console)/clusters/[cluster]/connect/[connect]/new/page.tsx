import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ConnectorFormPage } from '@/components/connect/connector-form';

export const metadata: Metadata = { title: 'New connector' };

export default async function Page({ params }: { params: Promise<{ cluster: string; connect: string }> }) {
  const { cluster, connect } = await params;
  return (
    <Suspense>
      <ConnectorFormPage cluster={cluster} connect={decodeURIComponent(connect)} />
    </Suspense>
  );
}
