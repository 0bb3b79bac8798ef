/** The compact select and input of toolbars (message browse, live tail): one look everywhere. */
export const controlClass = 'h-7 rounded border border-border bg-surface px-2 text-xs text-fg focus:outline-none focus:ring-1 focus:ring-accent';
