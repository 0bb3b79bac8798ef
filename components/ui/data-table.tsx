'use client';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type Row,
  type RowData,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ArrowUpDown, Check, Columns3 } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useUrlState } from '@/lib/client/use-url-state';
import { cn } from './cn';
import { EmptyState, ErrorState, Loading } from './states';
import { TBody, TD, TFoot, TH, THead, TR, Table, type CellAlign } from './table';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration
  interface ColumnMeta<TData extends RowData, TValue> {
    align?: CellAlign;
    /** Classes of every body cell of the column. */
    className?: string;
    headerClassName?: string;
    /** The column's name in the column menu, when its header is not a string. */
    label?: string;
    /** data-testid of the column's body cells. */
    cellTestId?: string;
  }
}

export type { ColumnDef, Row, SortingState } from '@tanstack/react-table';

export interface DataTableProps<T> {
  /** undefined while loading. */
  data: T[] | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column list mixes value types by design
  columns: ColumnDef<T, any>[];
  /** The table's accessible name. */
  label: string;
  getRowId?: (row: T, index: number) => string;
  isPending?: boolean;
  loadingLabel?: string;
  error?: Error | null;
  errorTitle?: string;
  /** What an empty list says, and why. */
  empty?: { title: string; body?: React.ReactNode };
  testId?: string;
  rowTestId?: string | ((row: T) => string | undefined);
  rowClassName?: (row: T) => string | false | undefined;
  /** Extra attributes of a body row (data-*, aria-*, title). */
  rowProps?: (row: T) => Record<string, string | number | boolean | undefined>;
  onRowClick?: (row: T) => void;
  /** Keeps the sort in this search param (`?sort=lag`, `?sort=-lag`), so a link restores it. */
  sortParam?: string;
  defaultSort?: SortingState;
  /** Controlled, server-side sort (the topics list sorts in the server). */
  sorting?: SortingState;
  onSortingChange?: (s: SortingState) => void;
  /** Whether headers sort at all (default: yes, for columns with an accessor). */
  sortable?: boolean;
  /** A menu to show and hide columns; the hidden ones are kept in `${sortParam ?? 'cols'}-hide` when sortParam is set. */
  columnMenu?: boolean;
  initialHidden?: string[];
  /** Only the rows in view are in the DOM: for lists of hundreds and more. */
  virtual?: { rowHeight: number };
  /** Scrolls the body under a sticky header beyond this height (any CSS length). */
  maxHeight?: string;
  minHeight?: number;
  scrollTestId?: string;
  dense?: boolean;
  className?: string;
  tableClassName?: string;
  /** Rows of a <tfoot>, e.g. totals; receives the rows shown. */
  footer?: (rows: T[]) => React.ReactNode;
  /** A row under a body row (expanded details), spanning every column. */
  renderSubRow?: (row: T) => React.ReactNode;
  /** Text or controls at the left of the column menu, above the table. */
  toolbar?: React.ReactNode;
}

function parseSort(v: string | null): SortingState | null {
  if (!v) return null;
  return [{ id: v.replace(/^-/, ''), desc: v.startsWith('-') }];
}

/**
 * The one list: TanStack Table for sorting and column visibility, TanStack Virtual for long lists,
 * a sticky header, keyboard navigation (↑/↓/Home/End move between rows, Enter opens the row's first
 * link or button), and the loading, empty and error states with their reason.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { data, columns, label, isPending, error, sortParam, virtual, dense, sortable = true } = props;
  const { params, set } = useUrlState();
  // The sort and hidden columns read from the URL are memoized on the param's text: TanStack Table
  // recomputes its row models whenever `state.sorting` is a new array, so a fresh `[]` or parsed
  // sort on every render re-sorted the rows on every render (see autoResetAll below for the loop
  // that caused).
  const urlSortText = sortParam ? params.get(sortParam) : null;
  const urlSort = useMemo(() => parseSort(urlSortText), [urlSortText]);
  const [localSort, setLocalSort] = useState<SortingState>(props.defaultSort ?? NO_SORT);
  const sorting = props.sorting ?? (sortParam ? (urlSort ?? props.defaultSort ?? NO_SORT) : localSort);
  const onSortingChange: OnChangeFn<SortingState> = (updater) => {
    const next = typeof updater === 'function' ? updater(sorting) : updater;
    if (props.onSortingChange) return props.onSortingChange(next);
    if (sortParam) {
      const s = next[0];
      set({ [sortParam]: s ? `${s.desc ? '-' : ''}${s.id}` : null });
    } else setLocalSort(next);
  };
  const hideParam = props.columnMenu && sortParam ? `${sortParam}-hide` : null;
  const [localHidden, setLocalHidden] = useState<string[]>(props.initialHidden ?? NO_IDS);
  const urlHiddenText = hideParam ? params.get(hideParam) : null;
  const urlHidden = useMemo(() => (urlHiddenText == null ? null : urlHiddenText.split(',').filter(Boolean)), [urlHiddenText]);
  const hidden = hideParam ? (urlHidden ?? props.initialHidden ?? NO_IDS) : localHidden;
  const columnVisibility: VisibilityState = useMemo(() => Object.fromEntries(hidden.map((id) => [id, false])), [hidden]);
  const setHidden = (ids: string[]) => (hideParam ? set({ [hideParam]: ids.join(',') }) : setLocalHidden(ids));

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table returns fresh functions each render by design
  const table = useReactTable({
    data: data ?? EMPTY,
    columns,
    getRowId: props.getRowId,
    state: { sorting, columnVisibility },
    onSortingChange,
    manualSorting: !!props.onSortingChange,
    enableSorting: sortable,
    enableSortingRemoval: true,
    sortDescFirst: false,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    defaultColumn: { sortUndefined: 'last' },
    // No pagination and no expanded rows here, so nothing to reset. Left on, every recomputed row
    // model queues a pagination reset (a microtask that sets the table's state to a new object, so
    // React renders again); with a sort that was a new array each render, that was an endless
    // render loop from the first data on (the brokers list: ?sort= and no defaultSort), which
    // starved the Link's navigation transition, so clicking "Broker 1" froze the tab.
    autoResetAll: false,
  });
  const rows = table.getRowModel().rows;
  const visibleColumns = table.getVisibleLeafColumns().length;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => virtual?.rowHeight ?? 36,
    overscan: 12,
  });
  const items = virtual ? virtualizer.getVirtualItems() : null;
  const padTop = items?.length ? items[0]!.start : 0;
  const padBottom = items?.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const shown = items ? items.map((v) => ({ row: rows[v.index]!, index: v.index })) : rows.map((row, index) => ({ row, index }));

  // Roving focus: one row is the Tab stop; arrows move it.
  const [active, setActive] = useState(0);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const wantFocus = useRef(false);
  const move = useCallback(
    (to: number) => {
      if (!rows.length) return;
      const i = Math.max(0, Math.min(rows.length - 1, to));
      wantFocus.current = true;
      setActive(i);
      if (virtual) virtualizer.scrollToIndex(i);
    },
    [rows.length, virtual, virtualizer],
  );
  useEffect(() => {
    if (!wantFocus.current) return;
    const el = bodyRef.current?.querySelector<HTMLElement>(`tr[data-row-index="${active}"]`);
    if (el) {
      wantFocus.current = false;
      el.focus({ preventScroll: !!virtual });
    }
  });
  const onKeyDown = (e: React.KeyboardEvent<HTMLTableSectionElement>) => {
    const tr = (e.target as HTMLElement).closest('tr');
    if (!tr || tr !== e.target) return; // keys inside a cell's own control stay with it
    const i = Number(tr.dataset.rowIndex);
    if (e.key === 'ArrowDown') move(i + 1);
    else if (e.key === 'ArrowUp') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'PageDown') move(i + 10);
    else if (e.key === 'PageUp') move(i - 10);
    else if (e.key === 'Enter') {
      const target = tr.querySelector<HTMLElement>('a[href], button:not([disabled])');
      if (target) target.click();
      else if (props.onRowClick) props.onRowClick(rows[i]!.original);
      else return;
    } else return;
    e.preventDefault();
  };
  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));

  const state: React.ReactNode = isPending ? (
    <Loading label={props.loadingLabel ?? `Loading ${label.toLowerCase()}…`} />
  ) : error && !data?.length ? (
    <div className="p-3">
      <ErrorState title={props.errorTitle ?? `Could not load ${label.toLowerCase()}`} reason={error.message} />
    </div>
  ) : !data?.length ? (
    <EmptyState title={props.empty?.title ?? `No ${label.toLowerCase()}`}>{props.empty?.body}</EmptyState>
  ) : null;

  const scrolls = !!(virtual || props.maxHeight);
  return (
    <div className={props.className}>
      {(props.toolbar || props.columnMenu) && (
        <div className="flex flex-wrap items-center gap-2 border-b border-border px-3 py-1.5 text-xs text-muted">
          {props.toolbar}
          {props.columnMenu && <ColumnMenu table={table} hidden={hidden} setHidden={setHidden} />}
        </div>
      )}
      <div
        ref={scrollRef}
        data-testid={props.scrollTestId}
        className={cn('overflow-x-auto', scrolls && 'overflow-y-auto')}
        style={scrolls ? { maxHeight: props.maxHeight ?? 'calc(100vh - 230px)', minHeight: props.minHeight } : undefined}
      >
        <Table aria-label={label} aria-rowcount={data ? rows.length + 1 : undefined} data-testid={props.testId} className={props.tableClassName}>
          <THead sticky={scrolls}>
            {table.getHeaderGroups().map((hg) => (
              <TR key={hg.id} aria-rowindex={1}>
                {hg.headers.map((h) => {
                  const meta = h.column.columnDef.meta;
                  const sorted = h.column.getIsSorted();
                  const canSort = h.column.getCanSort();
                  return (
                    <TH
                      key={h.id}
                      colSpan={h.colSpan}
                      dense={dense}
                      align={meta?.align}
                      className={cn('group/th', meta?.headerClassName)}
                      aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : canSort ? 'none' : undefined}
                    >
                      {h.isPlaceholder ? null : canSort ? (
                        <button type="button" onClick={h.column.getToggleSortingHandler()} className={cn('inline-flex items-center gap-1 rounded text-left hover:text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent', sorted && 'text-fg', meta?.align === 'right' && 'flex-row-reverse')}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          {sorted === 'asc' ? <ArrowUp aria-hidden className="size-3" /> : sorted === 'desc' ? <ArrowDown aria-hidden className="size-3" /> : <ArrowUpDown aria-hidden className="size-3 shrink-0 opacity-0 group-hover/th:opacity-40" />}
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </TH>
                  );
                })}
              </TR>
            ))}
          </THead>
          <TBody ref={bodyRef} onKeyDown={onKeyDown}>
            {state ? (
              <tr>
                <td colSpan={visibleColumns}>{state}</td>
              </tr>
            ) : (
              <>
                {padTop > 0 && (
                  <tr aria-hidden>
                    <td colSpan={visibleColumns} style={{ height: padTop, padding: 0 }} />
                  </tr>
                )}
                {shown.map(({ row, index }) => (
                  <BodyRow key={row.id} row={row} index={index} props={props} active={index === activeIndex} measure={virtual ? virtualizer.measureElement : undefined} height={virtual?.rowHeight} onFocus={() => setActive(index)} colSpan={visibleColumns} />
                ))}
                {padBottom > 0 && (
                  <tr aria-hidden>
                    <td colSpan={visibleColumns} style={{ height: padBottom, padding: 0 }} />
                  </tr>
                )}
              </>
            )}
          </TBody>
          {props.footer && !state && <TFoot>{props.footer(rows.map((r) => r.original))}</TFoot>}
        </Table>
      </div>
      {error && !!data?.length && <p className="px-3 py-1.5 text-xs text-warn">Showing earlier results: {error.message}</p>}
    </div>
  );
}

const EMPTY: never[] = [];
const NO_SORT: SortingState = [];
const NO_IDS: string[] = [];

function BodyRow<T>({ row, index, props, active, measure, height, onFocus, colSpan }: { row: Row<T>; index: number; props: DataTableProps<T>; active: boolean; measure?: (el: Element | null) => void; height?: number; onFocus: () => void; colSpan: number }) {
  const r = row.original;
  const testId = typeof props.rowTestId === 'function' ? props.rowTestId(r) : props.rowTestId;
  const sub = props.renderSubRow?.(r);
  return (
    <>
      <TR
        ref={measure}
        data-index={index}
        data-row-index={index}
        aria-rowindex={index + 2}
        tabIndex={active ? 0 : -1}
        onFocus={(e) => e.target === e.currentTarget && onFocus()}
        onClick={props.onRowClick ? () => props.onRowClick!(r) : undefined}
        data-testid={testId}
        style={height ? { height } : undefined}
        className={cn('hover:bg-surface-2 focus:outline-none focus-visible:bg-surface-2 focus-visible:shadow-[inset_2px_0_0_var(--accent)]', props.onRowClick && 'cursor-pointer', props.rowClassName?.(r))}
        {...props.rowProps?.(r)}
      >
        {row.getVisibleCells().map((cell) => {
          const meta = cell.column.columnDef.meta;
          return (
            <TD key={cell.id} dense={props.dense} align={meta?.align} className={meta?.className} data-testid={meta?.cellTestId}>
              {flexRender(cell.column.columnDef.cell, cell.getContext())}
            </TD>
          );
        })}
      </TR>
      {sub && (
        <tr className="border-b border-border">
          <td colSpan={colSpan} className="p-0">
            {sub}
          </td>
        </tr>
      )}
    </>
  );
}

function ColumnMenu<T>({ table, hidden, setHidden }: { table: ReturnType<typeof useReactTable<T>>; hidden: string[]; setHidden: (ids: string[]) => void }) {
  const hideable = table.getAllLeafColumns().filter((c) => c.getCanHide());
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="ml-auto inline-flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-surface-2 hover:text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent">
          <Columns3 aria-hidden className="size-3.5" />
          Columns{hidden.length ? ` (${hidden.length} hidden)` : ''}
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" className="z-50 min-w-44 rounded-md border border-border bg-surface p-1 text-xs shadow-lg">
          {hideable.map((c) => {
            const name = c.columnDef.meta?.label ?? (typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id);
            return (
              <DropdownMenu.CheckboxItem
                key={c.id}
                checked={!hidden.includes(c.id)}
                onSelect={(e) => e.preventDefault()}
                onCheckedChange={(on) => setHidden(on ? hidden.filter((h) => h !== c.id) : [...hidden, c.id])}
                className="flex cursor-default items-center gap-2 rounded px-2 py-1 outline-none data-[highlighted]:bg-surface-2"
              >
                <span className="inline-flex size-3.5 items-center justify-center">
                  <DropdownMenu.ItemIndicator>
                    <Check aria-hidden className="size-3.5" />
                  </DropdownMenu.ItemIndicator>
                </span>
                {name}
              </DropdownMenu.CheckboxItem>
            );
          })}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
