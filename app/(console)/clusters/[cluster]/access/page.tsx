import type { Metadata } from 'next';
import { TokensView } from '@/components/auth/tokens-view';

export const metadata: Metadata = { title: 'Access' };

export default function Page() {
  return <TokensView />;
}
