'use client';
import { AlertTriangle } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { electLeadersCommand } from '@/lib/client/kafka-cli';
import { useElectLeaders } from '@/lib/client/use-partitions';
import type { ElectionResult, PartitionRef } from '@/lib/contracts/partitions';
import { Button, CliPreview } from '@/components/ui/form';
import { Dialog } from '@/components/ui/dialog';

function summary(r: ElectionResult): string {
  const elected = r.results.filter((x) => x.outcome === 'elected').length;
  const notNeeded = r.results.filter((x) => x.outcome === 'not-needed').length;
  const failed = r.results.filter((x) => x.outcome === 'failed');
  return `${elected} moved to their preferred leader, ${notNeeded} already there${failed.length ? `, ${failed.length} failed (${failed[0]!.error}: ${failed[0]!.message ?? ''})` : ''}`;
}

/** Preferred-leader election for a topic, some partitions, or (neither) the whole cluster. */
export function ElectPreferredButton({
  cluster,
  bootstrap,
  topic,
  topicPartitions = [],
  partitions,
  label,
}: {
  cluster: string;
  bootstrap: string;
  /** Every partition of this topic (their numbers, for the CLI equivalent). */
  topic?: string;
  topicPartitions?: number[];
  partitions?: PartitionRef[];
  label?: string;
}) {
  const elect = useElectLeaders(cluster);
  const [open, setOpen] = useState(false);
  const scope = topic ? `every partition of ${topic}` : partitions ? `${partitions.length} partition(s)` : 'every partition of the cluster';
  const cli = electLeadersCommand({ bootstrap, type: 'preferred', partitions: topic ? topicPartitions.map((partition) => ({ topic, partition })) : (partitions ?? null) });
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="elect-preferred">
        {label ?? 'Elect preferred leaders'}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Elect preferred leaders" description={`Hands leadership of ${scope} back to its first replica, where that replica is in sync.`}>
        <p className="text-[13px]">No data moves and nothing is lost: producers and consumers follow the new leaders within moments.</p>
        <div className="mt-3">
          <CliPreview command={cli} />
        </div>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setOpen(false)}>Back</Button>
          <Button
            variant="primary"
            disabled={elect.isPending}
            data-testid="confirm-elect"
            onClick={() =>
              elect.mutate(
                { type: 'preferred', ...(topic ? { topic } : {}), ...(partitions ? { partitions } : {}) },
                {
                  onSuccess: (r) => {
                    setOpen(false);
                    toast.success('Preferred leader election done', { description: summary(r) });
                  },
                  onError: (err) => toast.error('The election was refused', { description: err.message }),
                },
              )
            }
          >
            {elect.isPending ? 'Electing…' : 'Elect'}
          </Button>
        </div>
      </Dialog>
    </>
  );
}

/** Unclean election of one leaderless partition: the data-loss warning must be acknowledged first. */
export function UncleanElectionButton({ cluster, bootstrap, topic, partition }: { cluster: string; bootstrap: string; topic: string; partition: number }) {
  const elect = useElectLeaders(cluster);
  const [open, setOpen] = useState(false);
  const [accepted, setAccepted] = useState(false);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)} data-testid="unclean-election">
        Unclean election…
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={`Unclean leader election: ${topic} partition ${partition}`} description="Only when no in-sync replica can come back.">
        <div role="alert" className="flex gap-2 rounded-md border border-bad/40 bg-bad/5 px-3 py-2 text-[13px]">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0 text-bad" />
          <p>
            <strong className="text-bad">Acknowledged messages will be lost.</strong> An out-of-sync replica becomes leader: every message it had not yet copied is gone for good, and consumers may see offsets go back. Prefer bringing an in-sync broker back.
          </p>
        </div>
        <label className="mt-3 flex items-center gap-2 text-[13px]">
          <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} data-testid="accept-data-loss" />I understand that messages will be lost
        </label>
        <div className="mt-3">
          <CliPreview command={electLeadersCommand({ bootstrap, type: 'unclean', partitions: [{ topic, partition }] })} />
        </div>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setOpen(false)}>Back</Button>
          <Button
            variant="danger"
            disabled={!accepted || elect.isPending}
            onClick={() =>
              elect.mutate(
                { type: 'unclean', partitions: [{ topic, partition }], acceptDataLoss: true },
                {
                  onSuccess: (r) => {
                    setOpen(false);
                    const [x] = r.results;
                    if (x?.outcome === 'failed') toast.error('No leader elected', { description: `${x.error}: ${x.message ?? ''}` });
                    else toast.success(x?.outcome === 'elected' ? 'A new leader was elected' : 'The partition already has a leader');
                  },
                  onError: (err) => toast.error('The election was refused', { description: err.message }),
                },
              )
            }
          >
            Elect an out-of-sync leader
          </Button>
        </div>
      </Dialog>
    </>
  );
}
