import 'server-only';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { MessageFilter } from '@/lib/messages/filter';
import { envSettings, parseEnv } from '../env-settings';
import { singleton } from '../singleton';

/**
 * Worker threads for whole-topic searches (issue 23): the event loop fetches, a pool thread
 * decodes and tests each fetched record set (search-worker.mjs), so a search's CPU-bound part
 * — UTF-8 decoding and JSON.parse, over half of a JSON-path scan on one core — runs on every
 * core. Jobs queue when every thread is busy; a search waits for its job before it fetches
 * again, so what is held is a few record sets, never the topic.
 */

const schema = z.object({
  /**
   * Threads that test searched records; 0 tests them on the event loop. Default: one per core
   * but one, which the event loop keeps (it fetches, serves and streams the results): on the
   * 2-core machine of docs/BENCHMARKS.md two threads beside the loop were slower than none.
   */
  RIFFLE_SEARCH_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
});

export const searchPoolSettings = envSettings((env) => {
  const e = parseEnv(schema, env);
  return { workers: e.RIFFLE_SEARCH_WORKERS ?? Math.max(0, os.availableParallelism() - 1) };
});

export interface SearchJob {
  /** The partition's record set, as fetched; its memory goes to the thread (the caller must not read it after). */
  bytes: Uint8Array;
  partition: number;
  from: number;
  /** Records at or past this offset are not the search's (the end it had when it started). */
  end: number;
  filter: MessageFilter;
  /** Matched records to send back at most (the rest are counted only). */
  keep: number;
}

export interface FoundRecord {
  offset: number;
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: [Uint8Array, Uint8Array | null][];
}

/** `plain: false`: the set holds a compressed or old-format batch; its bytes come back for the caller to decode. */
export type SearchJobResult = { plain: false; bytes: Uint8Array } | { plain: true; scanned: number; matched: number; notJson: number; bytes: number; nextOffset: number; matches: FoundRecord[] };

interface Pending {
  id: number;
  job: SearchJob;
  resolve: (r: SearchJobResult) => void;
  reject: (e: Error) => void;
  signal: AbortSignal;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

// The worker is a file Node loads at run time, not part of Next's bundle: found from the app's root
// (npm start, the tests and the bench all run there).
const WORKER_FILE = path.join(process.cwd(), 'lib/server/messages/search-worker.mjs');

export class SearchPool {
  #slots: Slot[] = [];
  #queue: Pending[] = [];
  #nextId = 1;

  constructor(readonly size: number) {}

  /** Runs a job on the next free thread. An aborted signal drops it from the queue, or its answer when it lands. */
  run(job: SearchJob, signal: AbortSignal): Promise<SearchJobResult> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new Error('aborted'));
      const p: Pending = { id: this.#nextId++, job, resolve, reject, signal };
      signal.addEventListener('abort', () => this.#abandon(p), { once: true });
      this.#queue.push(p);
      this.#pump();
    });
  }

  /** Starts every thread now (a thread takes tens of milliseconds to load, more under load). */
  warm(): void {
    while (this.#slots.length < this.size) this.#spawn();
  }

  /** Ends the threads (tests; a server ends with its process). */
  async close(): Promise<void> {
    const slots = this.#slots;
    this.#slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #abandon(p: Pending) {
    const i = this.#queue.indexOf(p);
    if (i >= 0) this.#queue.splice(i, 1);
    // a job already on a thread runs to its end (a record set: tens of milliseconds); its answer is dropped
    p.reject(new Error('aborted'));
  }

  #pump() {
    while (this.#queue.length) {
      const slot = this.#slots.find((s) => !s.busy) ?? (this.#slots.length < this.size ? this.#spawn() : null);
      if (!slot) return;
      const p = this.#queue.shift()!;
      slot.busy = p;
      const { bytes, ...rest } = p.job;
      // Transferred, not copied, when the bytes own their buffer; a view into a larger one (a
      // socket chunk the client may still read) is copied once, since transferring would detach it.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes); // the typed-array constructor copies in one memcpy (from() walks an iterator)
      slot.worker.postMessage({ id: p.id, bytes: own, ...rest }, [own.buffer as ArrayBuffer]);
    }
  }

  #spawn(): Slot {
    // react-server: the imported modules start with `import 'server-only'`, as every server module does
    const worker = new Worker(WORKER_FILE, { execArgv: ['--conditions=react-server', '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', '--disable-warning=ExperimentalWarning'] });
    worker.unref();
    const slot: Slot = { worker, busy: null };
    this.#slots.push(slot);
    worker.on('message', (m: { id: number; error?: string } & SearchJobResult) => {
      const p = slot.busy;
      slot.busy = null;
      if (p && p.id === m.id && !p.signal.aborted) {
        if (m.error) p.reject(new Error(`search worker: ${m.error}`));
        else p.resolve(m);
      }
      this.#pump();
    });
    // A thread that dies (out of memory, a bug) fails its job and is replaced on the next job.
    const gone = (err: Error) => {
      const p = slot.busy;
      slot.busy = null;
      this.#slots = this.#slots.filter((s) => s !== slot);
      p?.reject(err);
      this.#pump();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`search worker exited with code ${code}`)));
    return slot;
  }
}

/** The process's pool, or null when RIFFLE_SEARCH_WORKERS=0 (records tested on the event loop). */
export function searchPool(): SearchPool | null {
  const size = searchPoolSettings().workers;
  return size > 0 ? singleton('riffle:messages/search-pool', () => new SearchPool(size)) : null;
}
