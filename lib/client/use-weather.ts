'use client';
import { useEffect, useEffectEvent, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { liveReadings, readingList, stationList, summaryResponse, windowList, type Reading } from '@/lib/contracts/weather';
import { apiFetch } from './api-fetch';
import { streamHub } from './live/stream-hub';
import { weatherKeys } from './query-keys';

/** Bounded client buffers: the whole 4-year daily series fits, hourly normals keep the newest. */
export const READING_LIMITS = { daily: 1_500, 'hourly-normal': 2_000 } as const;
export type ReadingKind = keyof typeof READING_LIMITS;

const q = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();

export function useStations() {
  return useQuery({
    queryKey: weatherKeys.stations(),
    queryFn: ({ signal }) => apiFetch('/api/weather/stations', stationList, { signal }),
    refetchInterval: 5_000,
  });
}

export function useReadings(station: string | null, kind: ReadingKind) {
  return useQuery({
    queryKey: weatherKeys.readings(station ?? '', kind),
    queryFn: ({ signal }) => apiFetch(`/api/weather/readings?${q({ station: station!, kind, limit: READING_LIMITS[kind] })}`, readingList, { signal }),
    enabled: Boolean(station),
    // the live stream patches this query; refetching would only race it
    staleTime: Infinity,
  });
}

export function useSummary(station: string | null) {
  return useQuery({
    queryKey: weatherKeys.summary(station ?? '', 'month'),
    queryFn: ({ signal }) => apiFetch(`/api/weather/summary?${q({ station: station!, bucket: 'month' })}`, summaryResponse, { signal }),
    enabled: Boolean(station),
    refetchInterval: 5_000,
  });
}

export function useWindows(station: string | null) {
  return useQuery({
    queryKey: weatherKeys.windows(station ?? ''),
    queryFn: ({ signal }) => apiFetch(`/api/weather/windows?${q({ station: station!, limit: 8 })}`, windowList, { signal }),
    enabled: Boolean(station),
    refetchInterval: 3_000,
  });
}

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';

/**
 * New readings of the station, appended to the readings queries in the TanStack cache (bounded),
 * batched per animation frame. Starts after the initial readings have loaded, from the newest of
 * them, so nothing is missed or doubled. Goes through the tab's stream hub, so it shares the
 * browser's one live connection (riding on `cluster`'s multiplexed stream).
 */
export function useLiveReadings(station: string | null, ready: boolean, after: string | undefined, cluster?: string): { state: LiveState; received: number } {
  const client = useQueryClient();
  const key = station && ready ? station : null;
  // State per stream: a new station starts as "connecting" without a setState in the effect.
  const [conn, setConn] = useState<{ key: string | null; state: LiveState; received: number }>({ key: null, state: 'off', received: 0 });
  const startAfter = useEffectEvent(() => after);
  useEffect(() => {
    if (!key) return;
    const station = key;
    const set = (patch: Partial<{ state: LiveState; received: number }>) =>
      setConn((c) => (c.key === station ? { ...c, ...patch } : { key: station, state: 'connecting', received: 0, ...patch }));
    let pending: Reading[] = [];
    let frame = 0;
    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      for (const kind of Object.keys(READING_LIMITS) as ReadingKind[]) {
        const add = batch.filter((r) => r.kind === kind);
        if (add.length === 0) continue;
        client.setQueryData(weatherKeys.readings(station, kind), (old: { station: string; readings: Reading[] } | undefined) => {
          const readings = [...(old?.readings ?? []), ...add];
          return { station, readings: readings.slice(-READING_LIMITS[kind]) };
        });
      }
      setConn((c) => (c.key === station ? { ...c, state: 'live', received: c.received + batch.length } : { key: station, state: 'live', received: batch.length }));
    };
    const leave = streamHub().subscribe(
      { stream: { kind: 'weather', cluster: null, query: { station, ...(startAfter() ? { after: startAfter() } : {}) } }, events: ['readings'], ...(cluster ? { via: cluster } : {}) },
      {
        onEvent(_event, data) {
          let parsed;
          try {
            parsed = liveReadings.safeParse(JSON.parse(data));
          } catch {
            return;
          }
          if (!parsed.success) return;
          pending.push(...parsed.data.readings);
          if (!frame) frame = requestAnimationFrame(flush);
        },
        onStatus(status) {
          if (status === 'open') set({ state: 'live' });
          else if (status === 'reconnecting') set({ state: 'reconnecting' });
          else if (status === 'closed') set({ state: 'off' });
        },
      },
    );
    return () => {
      leave();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [key, client, cluster]);
  if (!key) return { state: 'off', received: 0 };
  return conn.key === key ? { state: conn.state, received: conn.received } : { state: 'connecting', received: 0 };
}
