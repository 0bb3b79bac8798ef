import type { Metadata } from 'next';
import { BrokersView } from '@/components/brokers/brokers-view';

export const metadata: Metadata = { title: 'Brokers' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return <BrokersView cluster={cluster} />;
}
