/**
 * Which tab watches which stream, as the leader tab sees it. Pure: the leader feeds it what the
 * tabs say (each tab sends its whole set on every change, so messages are idempotent and their
 * order between tabs does not matter) and opens or closes one upstream per key from the diffs.
 */

import type { StreamDescription } from './mux-plan';

/** One live stream as a tab asks for it: the key is the stream's identity (streamKey of its description). */
export interface StreamSpec {
  key: string;
  stream: StreamDescription;
  /** SSE event names the tab listens to. */
  events: string[];
  /** Events whose latest copy is replayed to a tab that joins a stream already open (e.g. `ready`). */
  sticky: string[];
  /** For a stream of no particular cluster (weather): the cluster connection it may ride on. */
  via?: string;
}

export interface BookDiff {
  /** Keys that had no subscriber before: open their upstream. */
  opened: string[];
  /** Keys left without subscribers: close their upstream. */
  closed: string[];
  /** Keys this tab newly joined while their upstream was already open: replay the sticky state to it. */
  joined: string[];
  /** Keys whose event names grew: listen to the new names too. */
  widened: string[];
}

interface Entry {
  stream: StreamDescription;
  via?: string;
  tabs: Map<string, { events: string[]; sticky: string[] }>;
}

const union = (lists: string[][]) => [...new Set(lists.flat())].sort();

export class SubscriptionBook {
  private readonly entries = new Map<string, Entry>();

  /** Replaces everything `tab` watches with `specs` and says what that changes. */
  replaceTab(tab: string, specs: readonly StreamSpec[]): BookDiff {
    const diff: BookDiff = { opened: [], closed: [], joined: [], widened: [] };
    const wanted = new Map(specs.map((s) => [s.key, s]));
    for (const [key, e] of this.entries) {
      if (e.tabs.has(tab) && !wanted.has(key)) {
        e.tabs.delete(tab);
        if (e.tabs.size === 0) {
          this.entries.delete(key);
          diff.closed.push(key);
        }
      }
    }
    for (const s of wanted.values()) {
      let e = this.entries.get(s.key);
      if (!e) {
        e = { stream: s.stream, via: s.via, tabs: new Map() };
        this.entries.set(s.key, e);
        diff.opened.push(s.key);
      } else if (!e.tabs.has(tab)) {
        diff.joined.push(s.key);
      }
      const before = this.eventsOf(s.key);
      e.tabs.set(tab, { events: [...s.events], sticky: [...s.sticky] });
      const after = this.eventsOf(s.key);
      if (!diff.opened.includes(s.key) && after.some((n) => !before.includes(n))) diff.widened.push(s.key);
    }
    return diff;
  }

  /** Adds one stream to what `tab` watches (the leader's own subscriptions go through here). */
  add(tab: string, spec: StreamSpec): BookDiff {
    return this.replaceTab(tab, [...this.specsOf(tab).filter((s) => s.key !== spec.key), spec]);
  }

  remove(tab: string, key: string): BookDiff {
    return this.replaceTab(
      tab,
      this.specsOf(tab).filter((s) => s.key !== key),
    );
  }

  /** A tab went away: forget it; returns the keys nobody watches any more. */
  dropTab(tab: string): string[] {
    return this.replaceTab(tab, []).closed;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  tabs(): string[] {
    return [...new Set([...this.entries.values()].flatMap((e) => [...e.tabs.keys()]))];
  }

  tabsOf(key: string): string[] {
    return [...(this.entries.get(key)?.tabs.keys() ?? [])];
  }

  streamOf(key: string): StreamDescription | undefined {
    return this.entries.get(key)?.stream;
  }

  viaOf(key: string): string | undefined {
    return this.entries.get(key)?.via;
  }

  /** Every event name anyone listens to on this stream (sticky ones included). */
  eventsOf(key: string): string[] {
    const e = this.entries.get(key);
    if (!e) return [];
    return union([...e.tabs.values()].flatMap((t) => [t.events, t.sticky]));
  }

  stickyOf(key: string): string[] {
    const e = this.entries.get(key);
    return e ? union([...e.tabs.values()].map((t) => t.sticky)) : [];
  }

  specsOf(tab: string): StreamSpec[] {
    const out: StreamSpec[] = [];
    for (const [key, e] of this.entries) {
      const t = e.tabs.get(tab);
      if (t) out.push({ key, stream: e.stream, events: t.events, sticky: t.sticky, ...(e.via ? { via: e.via } : {}) });
    }
    return out;
  }
}
