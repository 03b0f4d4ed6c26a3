import { encodeRlp, getAddress, zeroPadValue } from "ethers";

/**
 * The QBFT genesis `extraData`: RLP([32-byte vanity, [validators], [] (no vote), round 0, [] (no
 * seals)]), as Besu expects it. Validators are written in the order given; {@link sortValidators} gives
 * the ascending order Besu's own generator uses.
 *
 * @example encodeQbftExtraData(sortValidators(addresses))
 */
export function encodeQbftExtraData(validators: readonly string[], vanity = "0x"): string {
  return encodeRlp([zeroPadValue(vanity, 32), validators.map((v) => getAddress(v).toLowerCase()), [], "0x", []]);
}

/** Validator addresses in ascending byte order. */
export function sortValidators(validators: readonly string[]): string[] {
  return [...validators].map((v) => getAddress(v)).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
}
