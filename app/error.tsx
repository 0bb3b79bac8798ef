'use client';
import Link from 'next/link';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main role="alert" className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center gap-3 px-6 text-center">
      <h1 className="text-xl font-semibold">This view failed to render</h1>
      <p className="text-muted">
        {error.digest ? `The server logged it as ${error.digest}.` : error.message || 'An unexpected error occurred.'}
      </p>
      <div className="flex gap-2">
        <button type="button" onClick={reset} className="rounded-md bg-accent px-3 py-1.5 font-medium text-accent-fg">
          Try again
        </button>
        <Link href="/" className="rounded-md border border-border px-3 py-1.5">
          Overview
        </Link>
      </div>
    </main>
  );
}
