'use client';
import { Dialog } from '@/components/ui/dialog';
import { buttonClass, inputBase } from '@/components/ui/form';
import { useState } from 'react';
import { toast } from 'sonner';
import type { GroupDetail, ResetOffsetsInput, ResetOffsetsResult } from '@/lib/contracts/groups';
import { useResetOffsets } from '@/lib/client/use-groups';
import { formatCount } from '@/components/ui/format';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';

type Strategy = ResetOffsetsInput['strategy'];
const strategies: { value: Strategy; label: string; hint: string }[] = [
  { value: 'earliest', label: 'Earliest', hint: 'the oldest message still in the log' },
  { value: 'latest', label: 'Latest', hint: 'the log end: skip everything not yet read' },
  { value: 'timestamp', label: 'Timestamp', hint: 'the first message at or after a time' },
  { value: 'offset', label: 'Offset', hint: 'an exact offset on every chosen partition' },
  { value: 'shift', label: 'Shift by ±N', hint: 'move the committed offset forward (+) or back (−)' },
];


function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function ResetOffsetsDialog({ cluster, group }: { cluster: string; group: GroupDetail }) {
  const [open, setOpen] = useState(false);
  const [topic, setTopic] = useState(group.topics[0]?.topic ?? '');
  const [strategy, setStrategy] = useState<Strategy>('latest');
  const [value, setValue] = useState('');
  const [when, setWhen] = useState(() => toLocalInput(Date.now() - 3_600_000));
  const [chosen, setChosen] = useState<number[] | null>(null); // null: every partition
  const [preview, setPreview] = useState<ResetOffsetsResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useResetOffsets(cluster, group.groupId);
  const partitions = group.partitions.filter((p) => p.topic === topic).map((p) => p.partition);
  const active = group.members.length > 0;

  const build = (dryRun: boolean): ResetOffsetsInput | null => {
    const base = { topic, dryRun, ...(chosen ? { partitions: chosen } : {}) };
    switch (strategy) {
      case 'earliest':
      case 'latest':
        return { ...base, strategy };
      case 'timestamp': {
        const ms = new Date(when).getTime();
        if (!Number.isFinite(ms)) return null;
        return { ...base, strategy, timestamp: ms };
      }
      case 'offset':
        if (!/^\d+$/.test(value.trim())) return null;
        return { ...base, strategy, offset: Number(value) };
      case 'shift':
        if (!/^[+-]?\d+$/.test(value.trim()) || Number(value) === 0) return null;
        return { ...base, strategy, shift: Number(value) };
    }
  };

  const run = (dryRun: boolean) => {
    const body = build(dryRun);
    if (!body) {
      setProblem(strategy === 'timestamp' ? 'Pick a date and time.' : strategy === 'offset' ? 'Enter an offset: a whole number, 0 or more.' : 'Enter a shift: a non-zero whole number, like -100 or +50.');
      return;
    }
    if (chosen && chosen.length === 0) {
      setProblem('Choose at least one partition.');
      return;
    }
    setProblem(null);
    mutation.mutate(body, {
      onSuccess: (res) => {
        setPreview(res);
        if (res.applied) {
          toast.success(`Offsets of ${group.groupId} on ${res.topic} reset (${res.partitions.length} partition${res.partitions.length === 1 ? '' : 's'})`);
          setOpen(false);
        }
      },
      onError: (err) => setProblem(err.message),
    });
  };

  const changed = () => setPreview(null); // any edit invalidates the preview

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setPreview(null);
          setProblem(null);
        }
      }}
      trigger={
        <button type="button" className={buttonClass()} disabled={group.topics.length === 0}>
          Reset offsets…
        </button>
      }
      title={`${group.type === 'share' ? 'Reset start offsets of' : 'Reset offsets of'} ${group.groupId}`}
      description={<>Preview first: nothing changes until you apply the previewed offsets.</>}
      size="lg"
    >

          {active && (
            <p role="alert" className="mb-3 rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-xs text-warn" data-testid="reset-active-warning">
              This group has {group.members.length} active member{group.members.length === 1 ? '' : 's'} (state {group.state}). Kafka only lets you change a group&apos;s offsets while it is
              empty: stop its consumers, then apply. You can still preview.
            </p>
          )}

          <div className="grid gap-3 text-[13px]">
            <label className="grid gap-1">
              <span className="text-xs text-muted">Topic</span>
              <select
                className={inputBase}
                value={topic}
                onChange={(e) => {
                  setTopic(e.target.value);
                  setChosen(null);
                  changed();
                }}
              >
                {group.topics.map((t) => (
                  <option key={t.topic} value={t.topic}>
                    {t.topic}
                  </option>
                ))}
              </select>
            </label>

            <fieldset className="grid gap-1">
              <legend className="mb-1 text-xs text-muted">Reset to</legend>
              <div className="flex flex-wrap gap-3">
                {strategies.filter((s) => group.type !== 'share' || s.value !== 'shift').map((s) => (
                  <label key={s.value} className="inline-flex items-center gap-1.5" title={s.hint}>
                    <input
                      type="radio"
                      name="strategy"
                      value={s.value}
                      checked={strategy === s.value}
                      onChange={() => {
                        setStrategy(s.value);
                        changed();
                      }}
                    />
                    {s.label}
                  </label>
                ))}
              </div>
              <p className="text-xs text-muted">{strategies.find((s) => s.value === strategy)!.hint}</p>
            </fieldset>

            {strategy === 'timestamp' && (
              <label className="grid gap-1">
                <span className="text-xs text-muted">Time (your local zone)</span>
                <input
                  type="datetime-local"
                  className={inputBase}
                  value={when}
                  onChange={(e) => {
                    setWhen(e.target.value);
                    changed();
                  }}
                />
              </label>
            )}
            {(strategy === 'offset' || strategy === 'shift') && (
              <label className="grid gap-1">
                <span className="text-xs text-muted">{strategy === 'offset' ? 'Offset' : 'Shift by (messages, + or −)'}</span>
                <input
                  inputMode="numeric"
                  className={inputBase}
                  value={value}
                  placeholder={strategy === 'offset' ? 'e.g. 1200' : 'e.g. -100'}
                  onChange={(e) => {
                    setValue(e.target.value);
                    changed();
                  }}
                />
              </label>
            )}

            <fieldset>
              <legend className="mb-1 text-xs text-muted">Partitions</legend>
              <label className="mr-3 inline-flex items-center gap-1.5">
                <input
                  type="checkbox"
                  checked={chosen === null}
                  onChange={(e) => {
                    setChosen(e.target.checked ? null : []);
                    changed();
                  }}
                />
                All {partitions.length}
              </label>
              {chosen !== null &&
                partitions.map((p) => (
                  <label key={p} className="mr-3 inline-flex items-center gap-1 tabular">
                    <input
                      type="checkbox"
                      checked={chosen.includes(p)}
                      onChange={(e) => {
                        setChosen(e.target.checked ? [...chosen, p].sort((a, b) => a - b) : chosen.filter((x) => x !== p));
                        changed();
                      }}
                    />
                    {p}
                  </label>
                ))}
            </fieldset>
          </div>

          {problem && (
            <p role="alert" className="mt-3 rounded-md border border-bad/40 bg-bad/5 px-3 py-2 text-xs text-bad" data-testid="reset-error">
              {problem}
            </p>
          )}

          {preview && (
            <div className="mt-4 overflow-x-auto rounded-md border border-border">
              <Table className="w-full text-left text-[13px] tabular" data-testid="reset-preview">
                <caption className="px-3 py-1.5 text-left text-xs text-muted">Preview: {preview.topic}, nothing changed yet</caption>
                <THead>
                  <TR className="border-y border-border">
                    <TH className="px-3 py-1.5 font-medium">Partition</TH>
                    <TH className="px-3 py-1.5 text-right font-medium">{group.type === 'share' ? 'Current start offset' : 'Current offset'}</TH>
                    <TH className="px-3 py-1.5 text-right font-medium">New offset</TH>
                    <TH className="px-3 py-1.5 text-right font-medium">Lag now</TH>
                    <TH className="px-3 py-1.5 text-right font-medium">Lag after (messages)</TH>
                  </TR>
                </THead>
                <TBody>
                  {preview.partitions.map((r) => (
                    <TR key={r.partition} className="border-b border-border last:border-0" data-testid="reset-preview-row">
                      <TD className="px-3 py-1.5">{r.partition}</TD>
                      <TD className="px-3 py-1.5 text-right">{r.current == null ? <span className="text-muted">no commit</span> : formatCount(r.current)}</TD>
                      <TD className="px-3 py-1.5 text-right font-medium">{formatCount(r.target)}</TD>
                      <TD className="px-3 py-1.5 text-right">{r.lagBefore == null ? '—' : formatCount(r.lagBefore)}</TD>
                      <TD className="px-3 py-1.5 text-right">{formatCount(r.lagAfter)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}

          <div className="mt-4 flex justify-end gap-2">
            <button type="button" className={buttonClass()} onClick={() => run(true)} disabled={mutation.isPending || !topic}>
              Preview
            </button>
            <button
              type="button"
              className={buttonClass('primary')}
              onClick={() => run(false)}
              disabled={!preview || preview.applied || active || mutation.isPending}
              title={active ? 'stop the group’s consumers first' : !preview ? 'preview first' : undefined}
            >
              Apply these offsets
            </button>
          </div>
    </Dialog>
  );
}
