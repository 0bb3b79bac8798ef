import type { Metadata } from 'next';
import { NotBuiltYet } from '@/components/ui/not-built-yet';

export const metadata: Metadata = { title: 'Topics' };

export default function Page() {
  return <NotBuiltYet title="Topics" issue={3} />;
}
