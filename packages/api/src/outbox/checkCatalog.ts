import { ContractRevertedError, decodeContractError, type AllianceClient } from "@alliance-ledger/sdk";
import { DomainError } from "../errors.js";

// The gateway's only reads of the catalogue and registry views live here (course, courseVersion,
// memberStatus), so a change of the contracts' ABI is one file's change.
const COURSE_NONE = 0;
const COURSE_RETIRED = 2;
const MEMBER_ACTIVE = 2;
/** Distinct courses or members read at once: a hostile roster naming 10,000 courses must not open 10,000 calls. */
const CONCURRENT_READS = 8;

export interface CatalogCourse {
  hostMemberId: number;
  latestVersion: number;
  retired: boolean;
  code: string;
}

/**
 * The last answer the chain gave for each course, version and member, per client: while the node is
 * down (a restart, a kill -9 the supervisor is recovering from) records are still vetted against the
 * catalogue as last seen and accepted into the durable outbox, as the gateway promises; the contract
 * checks every field again when a record is recognised.
 */
const lastKnown = new WeakMap<AllianceClient, Map<string, unknown>>();

/**
 * Memoised reads of the catalogue and the registry through the read-only client: each course, course
 * version and member once per instance (one instance per request). A course or version the contract
 * does not know is `undefined`; a node that does not answer gives the last answer it gave, or 503
 * `chain_unreachable` if it never answered for that id, never a 500.
 */
export function catalogReader(reader: AllianceClient) {
  const courses = new Map<number, Promise<CatalogCourse | undefined>>();
  const versions = new Map<string, Promise<{ credits: number } | undefined>>();
  const statuses = new Map<number, Promise<number>>();
  if (!lastKnown.has(reader)) lastKnown.set(reader, new Map());
  const known = lastKnown.get(reader)!;
  const once = <K, V>(
    cache: Map<K, Promise<V>>,
    kind: "course" | "version" | "member",
    key: K,
    read: () => Promise<V>,
  ) => {
    if (!cache.has(key)) {
      const id = `${kind}:${String(key)}`;
      cache.set(
        key,
        read().then(
          (value) => {
            known.set(id, value);
            return value;
          },
          (error) => {
            if (error instanceof DomainError && error.status === 503 && known.has(id)) return known.get(id) as V;
            throw error;
          },
        ),
      );
    }
    return cache.get(key)!;
  };
  return {
    course: (courseId: number) =>
      once(courses, "course", courseId, async () => {
        const c = await unlessUnknown(() => reader.catalog.course(courseId));
        if (!c || Number(c.status) === COURSE_NONE) return undefined;
        return {
          hostMemberId: Number(c.hostMemberId),
          latestVersion: Number(c.latestVersion),
          retired: Number(c.status) === COURSE_RETIRED,
          code: c.code,
        };
      }),
    courseVersion: (courseId: number, version: number) =>
      once(versions, "version", `${courseId}/${version}`, async () => {
        const v = await unlessUnknown(() => reader.catalog.courseVersion(courseId, version));
        return v && { credits: Number(v.credits) };
      }),
    memberStatus: (memberId: number) =>
      once(statuses, "member", memberId, async () =>
        Number((await unlessUnknown(() => reader.registry.memberStatus(memberId))) ?? 0),
      ),
  };
}

/** The record fields the catalogue vets, credits in hundredths. */
export interface CatalogRecord {
  homeId: number;
  courseId: number;
  courseVersion: number;
  credits: number;
}

export interface CatalogProblem {
  field: string;
  reason:
    | "unknown_course"
    | "course_not_hosted_by_issuer"
    | "course_retired"
    | "unknown_course_version"
    | "credits_exceed_course"
    | "home_is_issuer"
    | "home_not_active_member";
  message: string;
}

/**
 * Refuses, before anything is stored, every record the ledger would not honour (see
 * {@link catalogProblems}).
 *
 * @throws DomainError `record_refused_by_catalog` (400), details naming `records.<i>.<field>` and a `reason`.
 */
export async function checkAgainstCatalog(
  reader: AllianceClient,
  issuerId: number,
  records: ReadonlyArray<CatalogRecord | undefined>,
): Promise<void> {
  const problems = await catalogProblems(reader, issuerId, records);
  if (problems.length) throw refusedByCatalog(problems);
}

/** 400 `record_refused_by_catalog` with the first {@link MAX_DETAILS} of `details`. */
export const refusedByCatalog = (details: unknown[]) =>
  new DomainError(
    "record_refused_by_catalog",
    "Some records name a course, version, credits or home school the ledger would refuse; see details for each record and field.",
    details.slice(0, MAX_DETAILS),
  );

/**
 * Every record the ledger would not honour, each refusal on `records.<i>.<field>` with its reason: the
 * course must exist, be hosted by the issuer and not be retired; the version must exist and its credits
 * cover the record's; the home school must be another member, and Active. Records given as `undefined`
 * (invalid ones, in a dry run) are skipped but keep their index. Each distinct course, version and home
 * member is read once, so a 10,000-row roster over a handful of courses costs a handful of calls.
 */
export async function catalogProblems(
  reader: AllianceClient,
  issuerId: number,
  all: ReadonlyArray<CatalogRecord | undefined>,
): Promise<CatalogProblem[]> {
  const catalog = catalogReader(reader);
  const records = all.filter((r): r is CatalogRecord => r !== undefined);
  await inBatches([...new Set(records.map((r) => r.courseId))], (id) => catalog.course(id));
  await inBatches([...new Set(records.map((r) => `${r.courseId}/${r.courseVersion}`))], async (key) => {
    const [courseId, version] = key.split("/").map(Number);
    const course = await catalog.course(courseId);
    if (course && version <= course.latestVersion) await catalog.courseVersion(courseId, version);
  });
  await inBatches([...new Set(records.map((r) => r.homeId).filter((id) => id !== issuerId))], (id) =>
    catalog.memberStatus(id),
  );

  const problems: CatalogProblem[] = [];
  for (const [i, r] of all.entries()) {
    if (!r) continue;
    const at = (field: keyof CatalogRecord, reason: CatalogProblem["reason"], message: string) =>
      problems.push({ field: `records.${i}.${field}`, reason, message });
    const course = await catalog.course(r.courseId);
    if (!course) at("courseId", "unknown_course", `course ${r.courseId} is not in the catalogue`);
    else if (course.hostMemberId !== issuerId)
      at(
        "courseId",
        "course_not_hosted_by_issuer",
        `course ${r.courseId} is hosted by member ${course.hostMemberId}, not by you (member ${issuerId})`,
      );
    else if (course.retired) at("courseId", "course_retired", `course ${r.courseId} is retired`);
    else {
      const version =
        r.courseVersion <= course.latestVersion ? await catalog.courseVersion(r.courseId, r.courseVersion) : undefined;
      if (!version)
        at(
          "courseVersion",
          "unknown_course_version",
          `course ${r.courseId} has versions 1 to ${course.latestVersion}, not ${r.courseVersion}`,
        );
      else if (r.credits > version.credits)
        at(
          "credits",
          "credits_exceed_course",
          `${r.credits / 100} credits exceed the ${version.credits / 100} of course ${r.courseId} version ${r.courseVersion}`,
        );
    }
    if (r.homeId === issuerId)
      at(
        "homeId",
        "home_is_issuer",
        "the home school must be another member: a school does not attest credits to itself",
      );
    else if ((await catalog.memberStatus(r.homeId)) !== MEMBER_ACTIVE)
      at("homeId", "home_not_active_member", `member ${r.homeId} is not an active member of the alliance`);
  }
  return problems;
}

/** At most this many problems are listed: enough to fix a roster, not a 10,000-line answer. */
export const MAX_DETAILS = 1_000;

async function inBatches<T>(items: T[], read: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += CONCURRENT_READS)
    await Promise.all(items.slice(i, i + CONCURRENT_READS).map(read));
}

/** A view call's result, or undefined when the contract reverts (an id it does not know). */
async function unlessUnknown<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const decoded = decodeContractError(error);
    if (decoded instanceof ContractRevertedError || (error as { code?: string }).code === "CALL_EXCEPTION")
      return undefined;
    throw new DomainError("chain_unreachable", "The chain node does not answer; retry shortly.");
  }
}

/**
 * Reads the whole catalogue and every member's status once, so the last-known answers cover courses no
 * roster has named yet: a gateway started before its node goes down still vets what it accepts.
 * Catalogues are hundreds of courses; run at start, in the background.
 */
export async function primeCatalog(reader: AllianceClient): Promise<void> {
  const catalog = catalogReader(reader);
  const [courseCount, memberCount] = await Promise.all([reader.catalog.courseCount(), reader.registry.memberCount()]);
  const courseIds = Array.from({ length: Number(courseCount) }, (_, i) => i + 1);
  await inBatches(courseIds, async (id) => {
    const course = await catalog.course(id);
    for (let v = 1; course && v <= course.latestVersion; v++) await catalog.courseVersion(id, v);
  });
  await inBatches(
    Array.from({ length: Number(memberCount) }, (_, i) => i + 1),
    (id) => catalog.memberStatus(id),
  );
}
