import { cn } from './cn';

/**
 * The one look of a table. Lists use DataTable (data-table.tsx); these primitives are for the few
 * grids that are not lists (a matrix, key/value pairs with a spanning cell), so no feature
 * styles a <table> of its own.
 */
export function Table({ className, ...rest }: React.ComponentProps<'table'>) {
  return <table className={cn('w-full text-left text-[13px]', className)} {...rest} />;
}
export function THead({ className, sticky, ...rest }: React.ComponentProps<'thead'> & { sticky?: boolean }) {
  return <thead className={cn('text-xs text-muted', sticky && 'sticky top-0 z-10 bg-surface shadow-[inset_0_-1px_0_var(--border)]', className)} {...rest} />;
}
export function TBody({ className, ...rest }: React.ComponentProps<'tbody'>) {
  return <tbody className={cn('tabular [&>tr:last-child]:border-0', className)} {...rest} />;
}
export function TFoot({ className, ...rest }: React.ComponentProps<'tfoot'>) {
  return <tfoot className={cn('border-t border-border text-xs', className)} {...rest} />;
}
export function TR({ className, ...rest }: React.ComponentProps<'tr'>) {
  return <tr className={cn('border-b border-border', className)} {...rest} />;
}
export type CellAlign = 'left' | 'right' | 'center';
const alignClass = (a?: CellAlign) => (a === 'right' ? 'text-right' : a === 'center' ? 'text-center' : undefined);
export function TH({ className, align, dense, ...rest }: React.ComponentProps<'th'> & { align?: CellAlign; dense?: boolean }) {
  return <th className={cn(dense ? 'px-3 py-1.5' : 'px-3 py-2', 'font-medium', alignClass(align), className)} {...rest} />;
}
export function TD({ className, align, dense, ...rest }: React.ComponentProps<'td'> & { align?: CellAlign; dense?: boolean }) {
  return <td className={cn(dense ? 'px-3 py-1.5' : 'px-3 py-2', alignClass(align), className)} {...rest} />;
}
