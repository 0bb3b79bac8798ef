import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ConnectorView } from '@/components/connect/connector-view';

type Props = { params: Promise<{ cluster: string; connect: string; connector: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { connector } = await params;
  return { title: `Connector ${decodeURIComponent(connector)}` };
}

export default async function Page({ params }: Props) {
  const { cluster, connect, connector } = await params;
  return (
    <Suspense>
      <ConnectorView cluster={cluster} connect={decodeURIComponent(connect)} name={decodeURIComponent(connector)} />
    </Suspense>
  );
}
