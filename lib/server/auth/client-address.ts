import 'server-only';
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { authSettings } from './auth-settings';
import { singleton } from '../singleton';

/**
 * Who is really on the other end of a request. Route handlers see a web Request, which has no
 * socket, and any client can send X-Forwarded-For; so the Node server stamps each incoming
 * request with its socket's address in a header of ours, tagged with a per-process secret
 * (a client-sent copy of that header is overwritten, and one from elsewhere can't carry the
 * secret). X-Forwarded-For is believed only when that peer is a configured trusted proxy
 * (RIFFLE_TRUSTED_PROXIES), and then read from the right: the first address that is not one
 * of our proxies is the client's (what a client puts to the left of it is its own claim).
 */
export const PEER_HEADER = 'x-riffle-peer';

const g = singleton('riffle:auth/client-address', (): { rifflePeerSecret?: string; rifflePeerStamped?: boolean; riffleTrusted?: { list: string[]; blocks: net.BlockList } } => ({}));

function peerSecret(): string {
  g.rifflePeerSecret ??= crypto.randomBytes(16).toString('hex');
  return g.rifflePeerSecret;
}

/** Strips the IPv4-mapped IPv6 form (::ffff:127.0.0.1), so one client has one key. */
export function normalizeAddress(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, '');
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a.toLowerCase();
}

/** Called once at start-up (instrumentation): every HTTP(S) server of the process stamps its requests. */
export function stampPeerAddresses(): void {
  if (g.rifflePeerStamped) return;
  g.rifflePeerStamped = true;
  const secret = peerSecret();
  for (const proto of [http.Server.prototype, https.Server.prototype] as Array<{ emit: (event: string | symbol, ...args: unknown[]) => boolean }>) {
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const req = args[0] as http.IncomingMessage;
        req.headers[PEER_HEADER] = `${secret} ${req.socket?.remoteAddress ?? ''}`;
      }
      return emit.call(this, event, ...args);
    };
  }
}

/** The socket's address, if the server stamped this request; null otherwise (never a client's claim). */
export function peerAddress(req: Request): string | null {
  const stamp = req.headers.get(PEER_HEADER);
  if (!stamp) return null;
  const i = stamp.indexOf(' ');
  if (i < 0) return null;
  const given = Buffer.from(stamp.slice(0, i));
  const secret = Buffer.from(peerSecret());
  if (given.length !== secret.length || !crypto.timingSafeEqual(given, secret)) return null;
  const address = normalizeAddress(stamp.slice(i + 1));
  return net.isIP(address) ? address : null;
}

/** RIFFLE_TRUSTED_PROXIES as a BlockList (addresses and CIDR ranges, IPv4 and IPv6). */
export function trustedProxies(list: string[] = authSettings().trustedProxies): net.BlockList {
  if (g.riffleTrusted?.list === list) return g.riffleTrusted.blocks;
  const blocks = new net.BlockList();
  for (const entry of list) {
    const [addr, bits] = entry.split('/');
    const type = net.isIP(addr!) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) blocks.addAddress(addr!, type);
    else blocks.addSubnet(addr!, Number(bits), type);
  }
  g.riffleTrusted = { list, blocks };
  return blocks;
}

function isTrusted(blocks: net.BlockList, address: string): boolean {
  const v = net.isIP(address);
  return v !== 0 && blocks.check(address, v === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address for limits and the audit log: the peer, or behind a trusted proxy the
 * right-most forwarded address that is not a trusted proxy. 'unknown' only when the server did
 * not stamp the request (not served by this process's HTTP server).
 */
export function clientAddress(req: Request, list?: string[]): string {
  const peer = peerAddress(req);
  if (!peer) return 'unknown';
  const blocks = trustedProxies(list);
  if (!isTrusted(blocks, peer)) return peer;
  const chain = (req.headers.get('x-forwarded-for') ?? '').split(',').map(normalizeAddress).filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!;
    if (!net.isIP(hop)) return peer; // garbage where a proxy would have written an address: trust nothing further left
    if (!isTrusted(blocks, hop)) return hop;
  }
  return chain[0] ?? peer;
}
