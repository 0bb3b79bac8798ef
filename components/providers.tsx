'use client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ThemeProvider, useTheme } from 'next-themes';
import { useState } from 'react';
import { Toaster } from 'sonner';
import { ApiError } from '@/lib/client/api-fetch';

// A 401 means the session expired or was signed out elsewhere: back to sign-in, then here again.
function toSignInOn401(err: unknown) {
  if (err instanceof ApiError && err.status === 401 && !window.location.pathname.startsWith('/login')) {
    // A full load on purpose: every cached query belonged to the old session.
    const target = new URL('/login', window.location.origin);
    target.searchParams.set('next', window.location.pathname + window.location.search);
    window.location.assign(target.href);
  }
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: toSignInOn401 }),
    mutationCache: new MutationCache({ onError: toSignInOn401 }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx will not fix itself; an unreachable cluster might, but the banner already
        // says so, and the health poll invalidates queries when it comes back.
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 1,
        refetchOnWindowFocus: true,
      },
    },
  });
}

/** Sonner picks its palette by theme; it follows the console's (its colours: app/globals.css). */
function ThemedToaster() {
  const { resolvedTheme } = useTheme();
  return <Toaster richColors closeButton position="bottom-right" theme={resolvedTheme === 'dark' ? 'dark' : 'light'} />;
}

export function Providers({ children, nonce }: { children: React.ReactNode; nonce?: string }) {
  const [client] = useState(makeQueryClient);
  return (
    <ThemeProvider nonce={nonce} attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <QueryClientProvider client={client}>
        {children}
        <ThemedToaster />
      </QueryClientProvider>
    </ThemeProvider>
  );
}
