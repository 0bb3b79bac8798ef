import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { Providers } from '@/components/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Riffle', template: '%s · Riffle' },
  description: 'A console for Apache Kafka event-streaming pipelines',
  // app/icon.svg and app/apple-icon.png are linked by Next itself; public/favicon.ico answers
  // the browsers and tools that ask for /favicon.ico without reading the page
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The per-request CSP nonce from proxy.ts, for the theme script next-themes inlines.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen font-sans text-sm antialiased">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
