import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Where a URL from the gateway directory may lead. Any member writes its own entry, so a hostile one
 * could point the others' gateways at addresses that are never a school's gateway: link-local ones (a
 * cloud's metadata service), unspecified or multicast ones, and (unless this gateway itself runs on
 * loopback, as in a local test) the requesting machine's own loopback. Private ranges stay allowed: an
 * alliance may well run its gateways on a private network.
 */
const NEVER = new BlockList();
NEVER.addSubnet("169.254.0.0", 16, "ipv4");
NEVER.addSubnet("0.0.0.0", 8, "ipv4");
NEVER.addSubnet("224.0.0.0", 4, "ipv4");
NEVER.addSubnet("fe80::", 10, "ipv6");
NEVER.addAddress("::", "ipv6");
NEVER.addSubnet("ff00::", 8, "ipv6");
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Whether `url` names this machine (a local federation, as the tests and a one-machine trial run it). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || (isIP(host) !== 0 && blocked(LOOPBACK, host));
}

/** Throws, naming the address, when `url` resolves to an address no gateway may be asked at. */
export async function checkGatewayDestination(url: string, allowLoopback: boolean): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  for (const address of addresses) {
    if (blocked(NEVER, address))
      throw new Error(`${url} leads to ${address}, a link-local, unspecified or multicast address: not a gateway`);
    if (!allowLoopback && blocked(LOOPBACK, address))
      throw new Error(`${url} leads to ${address}, this machine's own loopback: not another school's gateway`);
  }
}

function blocked(list: BlockList, address: string): boolean {
  // An IPv4 address written as IPv6 (::ffff:169.254.169.254) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return list.check(mapped, "ipv4");
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}
