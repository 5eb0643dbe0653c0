/**
 * No server-side request forgery through a board's source URL. In production a source must be
 * `https` and its host must resolve only to public addresses: never loopback (on Lambda,
 * 127.0.0.1:9001 is the Runtime API), link-local (169.254.169.254 is the instance metadata
 * service), private, shared, multicast or reserved ones. Redirects are refused by the fetch itself.
 * Result webhooks (origin/results/webhooks.ts) are checked the same way (`WEBHOOK_ALLOW_LOOPBACK`).
 * Only when the stack runs locally (`SOURCE_ALLOW_LOOPBACK=true`) may a source be on loopback,
 * over http or https, for test fixtures.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { SourceError } from './fetch-source.ts';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, instance metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local (includes fd00:ec2::254, the metadata service over IPv6)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['100::', 64], // discard-only
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const m = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return m[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True when the address is loopback (127/8, ::1, or IPv4 loopback inside IPv6). */
export function isLoopbackAddress(address: string): boolean {
  const v4 = isIP(address) === 6 ? (embeddedIpv4(address) ?? address) : address;
  return isIP(v4) === 4 ? v4.startsWith('127.') : v4 === '::1';
}

/** True when a source may connect to this address in production. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return isPublicAddress(v4);
    return !blocked.check(address, 'ipv6');
  }
  return !blocked.check(address, 'ipv4');
}

export type Resolve = (host: string) => Promise<string[]>;
const resolveAll: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Throws a (non-retryable) SourceError unless `url` may be fetched: https to a host whose every
 * address is public, or, with `allowLoopback`, http or https to a loopback host.
 */
export async function checkSourceUrl(url: string, o: { allowLoopback: boolean; resolve?: Resolve; what?: string }): Promise<void> {
  const what = o.what ?? 'source';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SourceError(`The ${what} URL is not a URL`, false);
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new SourceError(`The ${what} URL must be https`, false);
  if (u.username || u.password) throw new SourceError(`The ${what} URL must not carry credentials`, false);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (o.resolve ?? resolveAll)(host);
    } catch (err) {
      throw new SourceError(`The ${what} host does not resolve: ${err instanceof Error ? err.message : String(err)}`, true);
    }
    if (addresses.length === 0) throw new SourceError(`The ${what} host does not resolve`, true);
  }
  if (o.allowLoopback && addresses.every(isLoopbackAddress)) return;
  if (u.protocol !== 'https:') throw new SourceError(`The ${what} URL must be https`, false);
  const bad = addresses.find((a) => !isPublicAddress(a));
  if (bad !== undefined) throw new SourceError(`The ${what} host resolves to a non-public address (${bad})`, false);
}
