'use client';
import { useCan, useMe } from '@/lib/client/use-session';
import { PageHeader } from '@/components/ui/page-header';
import { useReadOnly } from '@/lib/client/use-read-only';
import { ElectPreferredButton } from './elect-leaders';
import { PlannerForm } from './planner-form';
import { ReassignmentsProgress } from './reassignments-progress';
import { useBootstrap } from './use-bootstrap';

/** Reassignments: what moves now (anyone's), and the planner (admins of writable clusters). */
export function ReassignmentsView({ cluster }: { cluster: string }) {
  const readOnly = useReadOnly(cluster);
  const isAdmin = useCan('admin');
  // Who is signed in is not known for a moment: say nothing about roles until it is.
  const roleKnown = useMe().isSuccess;
  const bootstrap = useBootstrap(cluster);
  const canChange = isAdmin && !readOnly;
  return (
    <>
      <PageHeader
        title="Reassignments"
        description="Move replicas between brokers: drain a broker, balance after adding one, change a topic's replication factor. Then hand leadership back to the preferred replicas."
        actions={canChange ? <ElectPreferredButton cluster={cluster} bootstrap={bootstrap} label="Elect preferred leaders (whole cluster)" /> : undefined}
      />
      <div className="flex flex-col gap-5">
        <ReassignmentsProgress cluster={cluster} canChange={canChange} />
        {canChange ? (
          <PlannerForm cluster={cluster} bootstrap={bootstrap} />
        ) : !roleKnown && !readOnly ? null : (
          <p className="rounded-md border border-border bg-surface-2 px-4 py-2 text-xs text-muted" data-testid="read-only-note">
            {readOnly ? 'This cluster is configured read-only: reassignments are shown, and nothing can be moved from the console.' : 'Planning and moving partitions needs the admin role.'}
          </p>
        )}
      </div>
    </>
  );
}
