import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TopicView } from '@/components/topics/topic-view';

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ topic: string }> }): Promise<Metadata> {
  return { title: safeDecode((await params).topic) };
}

export default async function Page({ params }: { params: Promise<{ cluster: string; topic: string }> }) {
  const { cluster, topic } = await params;
  return (
    <Suspense>
      <TopicView cluster={cluster} topic={safeDecode(topic)} />
    </Suspense>
  );
}
