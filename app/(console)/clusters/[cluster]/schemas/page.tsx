import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SubjectsView } from '@/components/schemas/subjects-view';

export const metadata: Metadata = { title: 'Schemas' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense>
      <SubjectsView cluster={cluster} />
    </Suspense>
  );
}
