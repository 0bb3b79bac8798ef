'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiErrorBody } from '@/lib/contracts/errors';
import { searchEvent, type WireMessage } from '@/lib/contracts/messages';

export interface SearchConditions {
  valueContains?: string;
  keyContains?: string;
  headerContains?: string;
  where?: string;
  partition?: string;
}

export interface TopicSearchState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  total: number | null;
  scanned: number;
  matched: number;
  bytes: number;
  /** Values a JSON-path condition could not parse: skipped, not matches. */
  notJson: number;
  elapsedMs: number;
  /** Messages scanned per second over the whole search so far. */
  rate: number;
  matches: WireMessage[];
  reason: 'end' | 'limit' | 'time-limit' | null;
  error: string | null;
}

const IDLE: TopicSearchState = { status: 'idle', total: null, scanned: 0, matched: 0, bytes: 0, notJson: 0, elapsedMs: 0, rate: 0, matches: [], reason: null, error: null };

/**
 * A whole-topic search (GET …/search, NDJSON): progress several times a second, matches as the
 * server finds them. `cancel` closes the request, which stops the server's scan.
 */
export function useTopicSearch(cluster: string, topic: string) {
  const [state, setState] = useState<TopicSearchState>(IDLE);
  const abort = useRef<AbortController | null>(null);

  const cancel = useCallback(() => {
    if (!abort.current) return;
    abort.current.abort();
    abort.current = null;
    setState((s) => (s.status === 'running' ? { ...s, status: 'cancelled' } : s));
  }, []);

  useEffect(() => () => abort.current?.abort(), []);

  const start = useCallback(
    async (conditions: SearchConditions, limit = 200) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setState({ ...IDLE, status: 'running' });
      const qs = new URLSearchParams({ limit: String(limit) });
      for (const [k, v] of Object.entries(conditions)) if (v) qs.set(k, v);
      try {
        const res = await fetch(`/api/clusters/${encodeURIComponent(cluster)}/topics/${encodeURIComponent(topic)}/search?${qs}`, { signal: controller.signal, credentials: 'same-origin' });
        if (!res.ok || !res.body) {
          const body = apiErrorBody.safeParse(await res.json().catch(() => null));
          throw new Error(body.success ? body.data.error.message : `the server answered ${res.status}`);
        }
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          const lines = buf.split('\n');
          buf = lines.pop() ?? '';
          const events = lines.filter(Boolean).map((l) => searchEvent.parse(JSON.parse(l)));
          // one state update per chunk, however many events it carried
          setState((s) => {
            let next = s;
            for (const e of events) {
              if (e.type === 'started') next = { ...next, total: e.total };
              else if (e.type === 'progress' || e.type === 'done') {
                next = { ...next, scanned: e.scanned, matched: e.matched, bytes: e.bytes, notJson: e.notJson ?? 0, elapsedMs: e.elapsedMs, rate: e.elapsedMs > 0 ? (e.scanned * 1000) / e.elapsedMs : 0 };
                if (e.type === 'done') next = { ...next, status: 'done', reason: e.reason };
              } else if (e.type === 'matches') next = { ...next, matches: [...next.matches, ...e.messages] };
              else if (e.type === 'failure') next = { ...next, status: 'failed', error: e.message };
            }
            return next;
          });
        }
        setState((s) => (s.status === 'running' ? { ...s, status: 'failed', error: 'the search ended without an answer' } : s));
      } catch (err) {
        if (controller.signal.aborted) return;
        setState((s) => ({ ...s, status: 'failed', error: (err as Error).message }));
      } finally {
        if (abort.current === controller) abort.current = null;
      }
    },
    [cluster, topic],
  );

  return { ...state, start, cancel };
}
