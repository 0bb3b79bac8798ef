'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { ClusterId } from '@/lib/contracts/cluster';
import {
  compatibilityLevel,
  compatibilityVerdict,
  deleteResult,
  registerResult,
  schemaVersion,
  subjectDetail,
  subjectsPage,
  type CompatibilityLevel,
  type RegisterSchemaInput,
} from '@/lib/contracts/schemas';
import { produceResult } from '@/lib/contracts/messages';
import { apiFetch } from './api-fetch';
import { schemaKeys } from './query-keys';

const base = (c: ClusterId) => `/api/clusters/${encodeURIComponent(c)}/schema-registry`;
const subj = (c: ClusterId, s: string) => `${base(c)}/subjects/${encodeURIComponent(s)}`;

export function useSubjects(cluster: ClusterId, q: { search?: string; cursor: number; limit: number }) {
  const qs = new URLSearchParams({ cursor: String(q.cursor), limit: String(q.limit), ...(q.search ? { search: q.search } : {}) });
  return useQuery({
    queryKey: schemaKeys.subjects(cluster, q),
    queryFn: ({ signal }) => apiFetch(`${base(cluster)}/subjects?${qs}`, subjectsPage, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
    retry: 1,
  });
}

export function useSubject(cluster: ClusterId, subject: string) {
  return useQuery({ queryKey: schemaKeys.subject(cluster, subject), queryFn: ({ signal }) => apiFetch(subj(cluster, subject), subjectDetail, { signal }), retry: 1 });
}

export function useSchemaVersion(cluster: ClusterId, subject: string, version: number | 'latest' | null) {
  return useQuery({
    queryKey: schemaKeys.version(cluster, subject, version ?? 'latest'),
    queryFn: ({ signal }) => apiFetch(`${subj(cluster, subject)}/versions/${version}`, schemaVersion, { signal }),
    enabled: version !== null,
    staleTime: 60_000,
    retry: 1,
  });
}

/** The registry's verdict on a candidate (a POST that changes nothing). */
export function useCheckCompatibility(cluster: ClusterId, subject: string) {
  return useMutation({
    mutationFn: (input: RegisterSchemaInput & { version?: number | 'latest' }) =>
      apiFetch(`${base(cluster)}/compatibility/subjects/${encodeURIComponent(subject)}/versions/${input.version ?? 'latest'}`, compatibilityVerdict, {
        method: 'POST',
        body: { schema: input.schema, schemaType: input.schemaType, references: input.references ?? [] },
      }),
  });
}

export function useRegisterSchema(cluster: ClusterId, subject: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RegisterSchemaInput) => apiFetch(`${subj(cluster, subject)}/versions`, registerResult, { method: 'POST', body: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: schemaKeys.all(cluster) }),
  });
}

export function useSetCompatibility(cluster: ClusterId, subject: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (level: CompatibilityLevel) =>
      apiFetch(subject === null ? `${base(cluster)}/config` : `${base(cluster)}/config/${encodeURIComponent(subject)}`, z.object({ subject: z.string().nullable(), compatibility: compatibilityLevel }), {
        method: 'PUT',
        body: { compatibility: level },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: schemaKeys.all(cluster) }),
  });
}

export function useDeleteSchema(cluster: ClusterId, subject: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { version: number | null; permanent: boolean }) =>
      apiFetch(`${subj(cluster, subject)}${input.version === null ? '' : `/versions/${input.version}`}?permanent=${input.permanent}`, deleteResult, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: schemaKeys.all(cluster) }),
  });
}

/**
 * The server's check of a value against its schema before sending (a dry-run produce: validated
 * and framed, nothing sent), as the user types; the caller debounces `body`.
 */
export function useProducePreview(cluster: ClusterId, topic: string, body: Record<string, unknown> | null) {
  return useQuery({
    queryKey: [...schemaKeys.all(cluster), 'preview', topic, body],
    queryFn: ({ signal }) => apiFetch(`/api/clusters/${encodeURIComponent(cluster)}/topics/${encodeURIComponent(topic)}/messages`, produceResult, { method: 'POST', body: { ...body, dryRun: true }, signal }),
    enabled: body !== null,
    retry: false,
    staleTime: 60_000,
  });
}
