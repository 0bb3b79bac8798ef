import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ConnectorFormPage } from '@/components/connect/connector-form';

type Props = { params: Promise<{ cluster: string; connect: string; connector: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { connector } = await params;
  return { title: `Edit ${decodeURIComponent(connector)}` };
}

export default async function Page({ params }: Props) {
  const { cluster, connect, connector } = await params;
  return (
    <Suspense>
      <ConnectorFormPage cluster={cluster} connect={decodeURIComponent(connect)} existing={decodeURIComponent(connector)} />
    </Suspense>
  );
}
