/**
 * A live-tail resume token: the next offset of every partition of every topic in the stream.
 * `orders@0:15,1:22|payments@0:4` — topic names never contain '@', '#', '|', ':' or ','.
 * A topic of more than COMPACT_FROM partitions is written by position in base 36,
 * `clicks#f.g..3k` (partition 2 unknown), because the token is sent with every event and comes
 * back as the Last-Event-ID header, which servers and proxies cap (Node at 16 KB in all,
 * nginx at 8 KB a line): 1,000 partitions at offsets near 10^9 take ~7 KB instead of ~15 KB.
 */
export type Positions = Map<string, Map<number, number>>;

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

export class TokenError extends Error {}

const COMPACT_FROM = 16;

export function encodeToken(positions: Positions): string {
  const parts: string[] = [];
  for (const [topic, parts2] of [...positions].sort(([a], [b]) => a.localeCompare(b))) {
    if (parts2.size > COMPACT_FROM) {
      let last = 0;
      for (const p of parts2.keys()) if (p > last) last = p;
      const slots = new Array<string>(last + 1).fill('');
      for (const [p, o] of parts2) slots[p] = o.toString(36);
      parts.push(`${topic}#${slots.join('.')}`);
      continue;
    }
    const ps = [...parts2].sort(([a], [b]) => a - b).map(([p, o]) => `${p}:${o}`);
    parts.push(`${topic}@${ps.join(',')}`);
  }
  return parts.join('|');
}

export function decodeToken(token: string): Positions {
  if (token.length > 100_000) throw new TokenError('resume token is too long');
  const out: Positions = new Map();
  for (const section of token.split('|')) {
    const at = section.search(/[@#]/);
    if (at <= 0) throw new TokenError('resume token: expected topic@partition:offset,…');
    const topic = section.slice(0, at);
    if (!TOPIC.test(topic)) throw new TokenError(`resume token: "${topic.slice(0, 60)}" is not a topic name`);
    const map = new Map<number, number>();
    const body = section.slice(at + 1);
    if (section[at] === '#') {
      const slots = body.split('.');
      if (slots.length > 1_000_000) throw new TokenError('resume token: too many partitions');
      slots.forEach((slot, p) => {
        if (slot === '') return;
        if (!/^[0-9a-z]{1,11}$/.test(slot)) throw new TokenError(`resume token: "${slot.slice(0, 40)}" is not a base-36 offset`);
        const o = parseInt(slot, 36);
        if (!Number.isSafeInteger(o)) throw new TokenError(`resume token: "${slot}" is too large`);
        map.set(p, o);
      });
    } else if (body) {
      for (const pair of body.split(',')) {
        const m = /^(\d{1,6}):(\d{1,16})$/.exec(pair);
        if (!m) throw new TokenError(`resume token: "${pair.slice(0, 40)}" is not partition:offset`);
        map.set(Number(m[1]), Number(m[2]));
      }
    }
    if (out.has(topic)) throw new TokenError(`resume token: topic "${topic}" appears twice`);
    out.set(topic, map);
  }
  return out;
}
