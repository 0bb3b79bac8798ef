import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PipelineView } from '@/components/pipeline/pipeline-view';
import { Loading } from '@/components/ui/states';

export const metadata: Metadata = { title: 'Pipeline' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense fallback={<Loading />}>
      <PipelineView cluster={cluster} />
    </Suspense>
  );
}
