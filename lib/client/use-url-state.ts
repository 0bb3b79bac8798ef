'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

export type UrlPatch = Record<string, string | null | undefined>;

/** Applies a patch to search params: null, undefined and '' remove a key. */
export function applyUrlPatch(params: URLSearchParams, patch: UrlPatch): URLSearchParams {
  for (const [k, v] of Object.entries(patch)) {
    if (v == null || v === '') params.delete(k);
    else params.set(k, v);
  }
  return params;
}

/**
 * View state kept in the URL's search params, so a link restores the view.
 *
 * Every change starts from the address bar (window.location.search), not from the params of the
 * last render, and is written with history.replaceState, which Next syncs into useSearchParams.
 * Two changes made before React re-renders therefore compose: built from a stale render and sent
 * through router.replace, the live tail lost a topic added just before a select changed (3 of 8
 * tries in Chromium). Every console page is a client view, so no server render is skipped.
 */
export function useUrlState() {
  const params = useSearchParams();
  /** Edits a copy of the current params with `fn` and writes it back. */
  const update = useCallback((fn: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(window.location.search);
    fn(next);
    const qs = next.toString();
    const url = `${window.location.pathname}${qs ? `?${qs}` : ''}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, '', url);
  }, []);
  /** Sets or (with null/'') removes keys. */
  const set = useCallback((patch: UrlPatch) => update((p) => void applyUrlPatch(p, patch)), [update]);
  return { params, set, update };
}
