import type { Metadata } from 'next';
import { NotBuiltYet } from '@/components/ui/not-built-yet';

export const metadata: Metadata = { title: 'Brokers' };

export default function Page() {
  return <NotBuiltYet title="Brokers" issue={3} />;
}
