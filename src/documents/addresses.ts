/**
 * Which IP addresses a URL fetched from chat may reach: public unicast ones only (ranges by ipaddr.js), unless
 * allowed (`ALLOW_PRIVATE_URLS`).
 */
import ipaddr from 'ipaddr.js';

/**
 * Why an address is refused, or null when it is a public unicast address (or a non-public one that
 * `allow` lets through).
 */
export function addressProblem(address: string, allow: boolean | readonly string[] = false): string | null {
  if (allow === true) return null;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return 'is not an IP address';
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (Array.isArray(allow)) {
    for (const cidr of allow as readonly string[]) {
      const [net, bits] = ipaddr.parseCIDR(cidr);
      if (net.kind() === parsed.kind() && parsed.match([net, bits] as never)) return null;
    }
  }
  return `is a ${range} address`;
}

/** Whether a string is a CIDR range ipaddr.js reads (`10.0.0.0/8`, `fd00::/8`). */
export function isCidr(s: string): boolean {
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
}

