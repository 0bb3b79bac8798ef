/**
 * A live-tail resume token: the next offset of every partition of every topic in the stream.
 * `orders@0:15,1:22|payments@0:4` — topic names never contain '@', '|', ':' or ','.
 */
export type Positions = Map<string, Map<number, number>>;

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

export class TokenError extends Error {}

export function encodeToken(positions: Positions): string {
  const parts: string[] = [];
  for (const [topic, parts2] of [...positions].sort(([a], [b]) => a.localeCompare(b))) {
    const ps = [...parts2].sort(([a], [b]) => a - b).map(([p, o]) => `${p}:${o}`);
    parts.push(`${topic}@${ps.join(',')}`);
  }
  return parts.join('|');
}

export function decodeToken(token: string): Positions {
  if (token.length > 100_000) throw new TokenError('resume token is too long');
  const out: Positions = new Map();
  for (const section of token.split('|')) {
    const at = section.lastIndexOf('@');
    if (at <= 0) throw new TokenError('resume token: expected topic@partition:offset,…');
    const topic = section.slice(0, at);
    if (!TOPIC.test(topic)) throw new TokenError(`resume token: "${topic.slice(0, 60)}" is not a topic name`);
    const map = new Map<number, number>();
    const body = section.slice(at + 1);
    if (body) {
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
