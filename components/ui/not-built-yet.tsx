import { PageHeader } from './page-header';
import { EmptyState } from './states';

/** An honest placeholder for a section whose issue has not landed yet. */
export function NotBuiltYet({ title, issue }: { title: string; issue: number }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="Not built yet">This section arrives with issue #{issue}. Nothing here is simulated.</EmptyState>
    </>
  );
}
