'use client';
import { useId, useState } from 'react';
import { FilterError, parseWhere } from '@/lib/messages/filter';
import { controlClass } from '@/components/ui/form';

export interface FilterValues {
  keyContains: string;
  valueContains: string;
  headerContains: string;
  where: string;
}

export const filterNames = ['keyContains', 'valueContains', 'headerContains', 'where'] as const;


/**
 * Filters as data: contains on key, value or headers, and one JSON-path comparison. The
 * expression is parsed here only to say what is wrong before asking the server. Give it a `key`
 * that changes with `values` so a new URL resets the draft.
 */
export function FilterBar({ values, onApply }: { values: FilterValues; onApply: (v: FilterValues) => void }) {
  const [draft, setDraft] = useState(values);
  const id = useId();
  let whereError: string | null = null;
  if (draft.where.trim()) {
    try {
      parseWhere(draft.where);
    } catch (err) {
      whereError = err instanceof FilterError ? err.message : 'invalid expression';
    }
  }
  const dirty = filterNames.some((k) => draft[k] !== values[k]);
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!whereError) onApply(draft);
      }}
      aria-label="Filters"
    >
      <div className="flex flex-col gap-0.5">
        <label className="text-[11px] text-muted" htmlFor={`${id}-key`}>
          Key contains
        </label>
        <input id={`${id}-key`} className={`${controlClass} w-32`} value={draft.keyContains} onChange={(e) => setDraft({ ...draft, keyContains: e.target.value })} />
      </div>
      <div className="flex flex-col gap-0.5">
        <label className="text-[11px] text-muted" htmlFor={`${id}-value`}>
          Value contains
        </label>
        <input id={`${id}-value`} className={`${controlClass} w-40`} value={draft.valueContains} onChange={(e) => setDraft({ ...draft, valueContains: e.target.value })} />
      </div>
      <div className="flex flex-col gap-0.5">
        <label className="text-[11px] text-muted" htmlFor={`${id}-header`}>
          Header contains
        </label>
        <input id={`${id}-header`} className={`${controlClass} w-32`} value={draft.headerContains} onChange={(e) => setDraft({ ...draft, headerContains: e.target.value })} />
      </div>
      <div className="flex flex-col gap-0.5">
        <label className="text-[11px] text-muted" htmlFor={`${id}-where`}>
          JSON path
        </label>
        <input id={`${id}-where`}
          className={`${controlClass} w-52 font-mono ${whereError ? 'border-bad' : ''}`}
          placeholder="$.temperature > 30"
          value={draft.where}
          aria-invalid={whereError ? true : undefined}
          aria-describedby={whereError ? 'where-error' : undefined}
          onChange={(e) => setDraft({ ...draft, where: e.target.value })}
        />
      </div>
      <button type="submit" disabled={!dirty || !!whereError} className="h-7 rounded bg-accent px-3 text-xs font-medium text-accent-fg disabled:opacity-50">
        Apply filters
      </button>
      {filterNames.some((k) => values[k]) && (
        <button type="button" className="h-7 rounded border border-border px-2 text-xs text-muted hover:text-fg" onClick={() => onApply({ keyContains: '', valueContains: '', headerContains: '', where: '' })}>
          Clear filters
        </button>
      )}
      {whereError && (
        <p id="where-error" role="alert" className="basis-full text-xs text-bad">
          {whereError}
        </p>
      )}
    </form>
  );
}
