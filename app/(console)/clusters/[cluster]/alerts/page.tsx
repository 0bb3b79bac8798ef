import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AlertsView } from '@/components/alerts/alerts-view';
import { Loading } from '@/components/ui/states';

export const metadata: Metadata = { title: 'Alerts' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense fallback={<Loading />}>
      <AlertsView cluster={cluster} />
    </Suspense>
  );
}
