import { twMerge } from 'tailwind-merge';

/**
 * Joins class names, skipping falsy ones; of two Tailwind classes for the same property the later
 * wins (tailwind-merge), so a caller's `px-4` replaces a kit default `px-3` instead of racing it.
 */
export function cn(...parts: (string | false | null | undefined)[]): string {
  return twMerge(parts.filter(Boolean).join(' '));
}
