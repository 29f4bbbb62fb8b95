import ipaddr from 'ipaddr.js';

const cache = new Map<string, string>();

/**
 * The network an address counts as, for every rule that counts addresses: an IPv4 address is
 * itself; an IPv6 address is its /64, since one connection's privacy addresses (RFC 8981) change
 * within its /64 every few hours and a /64 is normally one subscriber's link (RFC 6177).
 */
export function networkOf(ip: string): string {
  if (ip.indexOf(':') < 0) return ip;
  let n = cache.get(ip);
  if (n === undefined) {
    const parts = (ipaddr.parse(ip) as ipaddr.IPv6).parts;
    n = `${ipaddr.fromByteArray([...parts.slice(0, 4).flatMap((p) => [p >> 8, p & 0xff]), 0, 0, 0, 0, 0, 0, 0, 0]).toString()}/64`;
    if (cache.size >= 65_536) cache.clear();
    cache.set(ip, n);
  }
  return n;
}
