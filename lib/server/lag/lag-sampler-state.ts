import 'server-only';

// What this process's sampler last did, per cluster (for the UI when the database has nothing).
const g = globalThis as unknown as { riffleLagLast?: Map<string, string> };
const last = (g.riffleLagLast ??= new Map());

export function noteSample(cluster: string, at: number): void {
  last.set(cluster, new Date(at).toISOString());
}

export function lastSampleAt(cluster: string): string | undefined {
  return last.get(cluster);
}
