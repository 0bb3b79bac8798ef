import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SecurityView } from '@/components/security/security-view';

export const metadata: Metadata = { title: 'Security' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense>
      <SecurityView cluster={cluster} />
    </Suspense>
  );
}
