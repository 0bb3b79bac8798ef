import 'server-only';
import type { WireBytes, WireMessage } from '@/lib/contracts/messages';
import { maskerFor, type MaskableMessage } from '../auth/masking';
import type { Principal } from '../auth/principal';

type Maskable = MaskableMessage & { headers: Array<{ key: string; value: string | null }> };

const WITHHELD = '[masked: binary content withheld]';

function asText(b: WireBytes | null): string | null {
  if (!b) return null;
  // A masking rule can't see inside bytes that aren't text: withhold them rather than leak them.
  return b.text ?? WITHHELD;
}

function toWire(before: WireBytes | null, text: string | null): WireBytes | null {
  if (before === null || text === null) return before;
  if (before.text === text) return before;
  // a decoded value keeps saying which schema it came from (masking applies after decoding)
  return before.schema ? { text, size: Buffer.byteLength(text), schema: before.schema } : { text, size: Buffer.byteLength(text) };
}

/**
 * The masking rules of RIFFLE_AUTH_FILE applied to the wire form of messages, for one caller
 * and topic. Identity when no rule applies, so unmasked topics cost nothing.
 */
export function wireMasker(principal: Pick<Principal, 'role'>, topic: string): (m: WireMessage) => WireMessage {
  const mask = maskerFor<Maskable>(principal, topic);
  const probe: Maskable = { key: null, value: null, headers: [] };
  if (mask(probe) === probe) return (m) => m;
  return (m) => {
    const masked = mask({ key: asText(m.key), value: asText(m.value), headers: m.headers.map((h) => ({ key: h.key, value: asText(h.value) })) });
    return {
      ...m,
      key: toWire(m.key, masked.key),
      value: toWire(m.value, masked.value),
      headers: m.headers.map((h, i) => ({ key: h.key, value: toWire(h.value, masked.headers[i]?.value ?? null) })),
    };
  };
}
