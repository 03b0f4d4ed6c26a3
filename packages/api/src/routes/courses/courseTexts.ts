import type { AllianceClient } from "@alliance-ledger/sdk";
import { keccak256, toUtf8Bytes } from "ethers";
import type { Database } from "../../db/database.js";
import { DomainError } from "../../errors.js";

/** The most of a text's first line shown as the course's title. */
const TITLE_LENGTH = 200;

/** A course's title: the first non-empty line of its title-and-syllabus text. */
export function titleOf(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  return line.trim().slice(0, TITLE_LENGTH);
}

/** Keeps a version's text the gateway itself hashed onto the chain (publishing through it); a repeat is a no-op. */
export async function keepCourseText(db: Database, courseId: number, version: number, text: string): Promise<void> {
  await db.query(
    "courseTexts.insert",
    "INSERT INTO course_texts (course_id, version, text) VALUES ($1, $2, $3) ON CONFLICT (course_id, version) DO NOTHING",
    [courseId, version, text],
  );
}

/**
 * Stores a version's text handed in by anyone, once the chain vouches for it: its keccak-256 must be the
 * version's metadata hash on chain, so no key can give a course another school's words.
 *
 * @throws DomainError 404 `course_version_not_found`; 409 `course_text_mismatch` for any other text.
 */
export async function provideCourseText(
  db: Database,
  reader: AllianceClient,
  courseId: number,
  version: number,
  text: string,
): Promise<{ courseId: number; version: number; title: string }> {
  const onChain = await reader.catalog.courseVersion(courseId, version).catch(() => undefined);
  if (!onChain || /^0x0+$/.test(onChain.metadataHash))
    throw new DomainError("course_version_not_found", `Course ${courseId} has no version ${version}.`, [
      { field: "version", courseId, version },
    ]);
  const hash = keccak256(toUtf8Bytes(text));
  if (hash !== onChain.metadataHash)
    throw new DomainError(
      "course_text_mismatch",
      `This text is not the one published for course ${courseId} version ${version}: its hash ${hash} is not the chain's ${onChain.metadataHash}.`,
      [{ field: "text", hash, onChain: onChain.metadataHash }],
    );
  await keepCourseText(db, courseId, version, text);
  return { courseId, version, title: titleOf(text) };
}

/** The titles the gateway holds for these course versions, by `courseId:version`. */
export async function courseTitles(
  db: Database,
  versions: Array<{ courseId: number; version: number }>,
): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const wanted = [...new Map(versions.map((v) => [`${v.courseId}:${v.version}`, v])).values()];
  if (wanted.length === 0) return titles;
  // Only the versions asked for: a course's older versions' texts (up to 10 KB each) stay unread.
  const rows = await db.query<{ course_id: number; version: number; text: string }>(
    "courseTexts.byVersions",
    `SELECT course_id, version, text FROM course_texts WHERE ${wanted
      .map((_, i) => `(course_id = $${2 * i + 1} AND version = $${2 * i + 2})`)
      .join(" OR ")}`,
    wanted.flatMap((v) => [v.courseId, v.version]),
  );
  for (const r of rows) titles.set(`${Number(r.course_id)}:${Number(r.version)}`, titleOf(r.text));
  return titles;
}
