import { hexlify, keccak256, randomBytes, toUtf8Bytes } from "ethers";
import { learnerCommitment } from "../../attestations/attestation.js";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { BaseError } from "../../errors/BaseError.js";
import type { ResourceExchange } from "../../generated/typechain/index.js";

/** Resource kinds in the contract's order (IResourceExchange.ResourceKind). */
export const RESOURCE_KINDS = [
  "teacherSecondment",
  "labOrTrainingRoom",
  "equipment",
  "practiceBase",
  "libraryOrDigitalCollection",
  "other",
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Units in the contract's order (IResourceExchange.ResourceUnit). */
export const RESOURCE_UNITS = ["hour", "day", "seat", "placement", "licence"] as const;
export type ResourceUnit = (typeof RESOURCE_UNITS)[number];

/** A resource's status in the contract's order (IResourceExchange.ResourceStatus). */
export const RESOURCE_STATUSES = ["none", "active", "retired"] as const;

/** A use's status in the contract's order (IResourceExchange.UseStatus). */
export const USE_STATUSES = [
  "none",
  "requested",
  "accepted",
  "declined",
  "cancelled",
  "delivered",
  "confirmed",
  "disputed",
  "resolved",
] as const;
export type UseStatus = (typeof USE_STATUSES)[number];

export interface ResourceTerms {
  unit: ResourceUnit;
  /** Integer minor units (fen, cents) per unit; zero allowed. */
  pricePerUnit: bigint;
  /** Units that may be accepted and not yet delivered at once; above zero. */
  capacity: number;
  /** Hash of the terms document (e.g. its SHA-256, 0x-prefixed): who is responsible for what. */
  termsHash: string;
}

/** A version's terms as the contract takes them. */
export function toResourceTerms(t: ResourceTerms) {
  return {
    unit: RESOURCE_UNITS.indexOf(t.unit),
    pricePerUnit: t.pricePerUnit,
    capacity: t.capacity,
    termsHash: t.termsHash,
  };
}

/**
 * The on-chain code of a kind the charter adds after the contract (`kind: "other"`):
 * `keccak256("alliance.resource-kind." + name)`, as IResourceExchange's NatSpec names it.
 *
 * @example resourceKindCode("sports-ground")
 */
export function resourceKindCode(name: string): string {
  return keccak256(toUtf8Bytes(`alliance.resource-kind.${name}`));
}

/** The keccak-256 of a text whose hash goes on chain (a reason, a delivery record). */
export function textHash(text: string): string {
  return keccak256(toUtf8Bytes(text));
}

/**
 * The salted commitment to a person (a seconded teacher, an intern) that goes on chain instead of the
 * person: made as a learner's commitment is, from the member's own reference, its member id and a salt
 * of 32 random bytes. The reference and the salt stay with the member.
 */
export function personCommitment(salt: string, memberId: number, personRef: string): string {
  return learnerCommitment(salt, memberId, personRef);
}

/** A person's reference with the salt and commitment made for it. */
export interface PersonOpening {
  ref: string;
  salt: string;
  commitment: string;
}

/** Commits to `person` for `memberId` with a fresh salt (or the salt given); none gives the zero commitment. */
export function openPerson(
  memberId: number,
  person: { ref: string; salt?: string } | undefined,
): PersonOpening | undefined {
  if (!person) return undefined;
  const salt = person.salt ?? hexlify(randomBytes(32));
  return { ref: person.ref, salt, commitment: personCommitment(salt, memberId, person.ref) };
}

/** Days since 1970-01-01 (UTC) of an ISO date (`2026-03-01`), as the contract counts days. */
export function dayOfIsoDate(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms))
    throw new BaseError(`Not an ISO date: ${date}.`, { details: ["expected YYYY-MM-DD"] });
  return ms / 86_400_000;
}

/** The ISO date (`2026-03-01`) of a day counted since 1970-01-01 (UTC). */
export function isoDateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The client's resource exchange, or a BaseError when its deployment predates the contract. */
export function resourceExchangeOf(client: AllianceClient): ResourceExchange {
  if (!client.resourceExchange)
    throw new BaseError("This deployment has no resource exchange.", {
      details: ["AllianceAddresses.resourceExchange is not set"],
    });
  return client.resourceExchange;
}
