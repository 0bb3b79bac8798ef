import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { BrokerView } from '@/components/brokers/broker-view';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Broker ${(await params).id}` };
}

export default async function Page({ params }: { params: Promise<{ cluster: string; id: string }> }) {
  const { cluster, id } = await params;
  if (!/^\d+$/.test(id)) notFound();
  return (
    <Suspense>
      <BrokerView cluster={cluster} id={Number(id)} />
    </Suspense>
  );
}
