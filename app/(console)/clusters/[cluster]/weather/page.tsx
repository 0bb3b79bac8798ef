import type { Metadata } from 'next';
import { Suspense } from 'react';
import { WeatherView } from '@/components/weather/weather-view';
import { Loading } from '@/components/ui/states';

export const metadata: Metadata = { title: 'Weather' };

export default async function Page({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <Suspense fallback={<Loading />}>
      <WeatherView cluster={cluster} />
    </Suspense>
  );
}
