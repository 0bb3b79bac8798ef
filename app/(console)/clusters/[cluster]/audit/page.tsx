import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditView } from '@/components/audit/audit-view';
import { Loading } from '@/components/ui/states';

export const metadata: Metadata = { title: 'Audit' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense fallback={<Loading />}>
      <AuditView cluster={cluster} />
    </Suspense>
  );
}
