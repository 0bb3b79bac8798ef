import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="font-mono text-xs text-muted">404</p>
      <h1 className="text-xl font-semibold">Nothing here</h1>
      <p className="text-muted">This page, cluster or resource does not exist. It may have been deleted, or the link is mistyped.</p>
      <Link href="/" className="rounded-md bg-accent px-3 py-1.5 font-medium text-accent-fg">
        Go to the overview
      </Link>
    </main>
  );
}
