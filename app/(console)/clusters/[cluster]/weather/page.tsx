import type { Metadata } from 'next';
import { NotBuiltYet } from '@/components/ui/not-built-yet';

export const metadata: Metadata = { title: 'Weather' };

export default function Page() {
  return <NotBuiltYet title="Weather" issue={6} />;
}
