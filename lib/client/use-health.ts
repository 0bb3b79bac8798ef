'use client';
import { useQuery } from '@tanstack/react-query';
import { healthReport } from '@/lib/contracts/cluster';
import { apiFetch } from './api-fetch';
import { healthKeys } from './query-keys';

export const HEALTH_POLL_MS = 5_000;

export function getHealth(signal?: AbortSignal) {
  return apiFetch('/api/health', healthReport, { signal });
}

export function useHealth() {
  return useQuery({
    queryKey: healthKeys.all,
    queryFn: ({ signal }) => getHealth(signal),
    refetchInterval: HEALTH_POLL_MS,
    refetchIntervalInBackground: false,
    retry: false,
  });
}
