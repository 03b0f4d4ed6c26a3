import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

/**
 * SHA-256 of a text's UTF-8 bytes as 0x and 64 hex digits: a terms document's hash for the chain.
 * Not crypto.subtle: a school's intranet serves the console over plain HTTP, where browsers withhold it.
 */
export function sha256Hex(text: string): string {
  return `0x${bytesToHex(sha256(new TextEncoder().encode(text)))}`;
}
