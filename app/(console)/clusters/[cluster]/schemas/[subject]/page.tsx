import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SubjectView } from '@/components/schemas/subject-view';

export async function generateMetadata({ params }: { params: Promise<{ subject: string }> }): Promise<Metadata> {
  return { title: `Schema ${decodeURIComponent((await params).subject)}` };
}

export default async function Page({ params }: { params: Promise<{ cluster: string; subject: string }> }) {
  const { cluster, subject } = await params;
  return (
    <Suspense>
      <SubjectView cluster={cluster} subject={decodeURIComponent(subject)} />
    </Suspense>
  );
}
