import type { Metadata } from 'next';
import { NotBuiltYet } from '@/components/ui/not-built-yet';

export const metadata: Metadata = { title: 'Pipeline' };

export default function Page() {
  return <NotBuiltYet title="Pipeline" issue={6} />;
}
