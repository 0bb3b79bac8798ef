import type { Metadata } from 'next';
import { NotBuiltYet } from '@/components/ui/not-built-yet';

export const metadata: Metadata = { title: 'Live tail' };

export default function Page() {
  return <NotBuiltYet title="Live tail" issue={4} />;
}
