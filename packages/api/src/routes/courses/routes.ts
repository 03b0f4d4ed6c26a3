import { publishCourse, publishCourseVersion, retireCourse, setCourseTier } from "@alliance-ledger/sdk";
import { keccak256, toUtf8Bytes } from "ethers";
import type { Router } from "express";
import { actingSigner, custodialSigner } from "../../custody/custodialSigner.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { CoursePublished, json, TierSet, VersionPublished, Written } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { keepCourseText, provideCourseText } from "./courseTexts.js";
import {
  CourseId,
  CoursePage,
  CourseQuery,
  CourseText,
  CourseTextKept,
  CourseVersion,
  CourseVersionId,
  PublishCourse,
  SetTier,
} from "./schemas.js";
import { listCourses, requireCourse } from "./service.js";

/** The shared course catalogue: publish, new versions, retire, certification. */
export function courseRoutes(deps: RouteDependencies): Router {
  const { db, reader, signers } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/courses",
    summary: "The shared course catalogue, filterable by host, tier, status and term, paginated",
    roles: "any",
    query: CourseQuery,
    responses: { 200: { description: "a page of courses", content: json(CoursePage) } },
    handler: async ({ query, caller }) => ok(await listCourses(deps, query, caller)),
  });

  defineRoute({
    method: "post",
    path: "/courses",
    summary: "A host member publishes a shared course",
    roles: ["member"],
    body: PublishCourse,
    responses: { 201: { description: "published", content: json(CoursePublished) } },
    handler: async ({ body: { code, ...terms }, caller, req }) =>
      idempotentChainWrite(db, req, async () => {
        const published = await publishCourse(custodialSigner(signers, caller.memberId!), { code, terms });
        await keepCourseText(db, published.courseId, 1, terms.metadata);
        return { status: 201, body: published };
      }),
  });

  defineRoute({
    method: "post",
    path: "/courses/{courseId}/versions",
    summary: "The host publishes new terms for its course (attestations name the version they were earned under)",
    roles: ["member"],
    params: CourseId,
    body: CourseVersion,
    responses: { 201: { description: "new version", content: json(VersionPublished) } },
    handler: async ({ params: { courseId }, body: terms, caller, req }) => {
      await requireCourse(reader, courseId);
      return idempotentChainWrite(db, req, async () => {
        const published = await publishCourseVersion(custodialSigner(signers, caller.memberId!), { courseId, terms });
        await keepCourseText(db, courseId, published.version, terms.metadata);
        return { status: 201, body: published };
      });
    },
  });

  defineRoute({
    method: "put",
    path: "/courses/{courseId}/versions/{version}/text",
    summary:
      "Hand the gateway a course version's title and syllabus (published elsewhere, or by another gateway): kept only if its hash is the chain's",
    roles: ["member", "secretariat"],
    idempotent: false, // the same text twice is the same row
    params: CourseVersionId,
    body: CourseText,
    responses: {
      200: { description: "kept; the course is listed with its title", content: json(CourseTextKept) },
      404: { description: "`course_version_not_found`" },
      409: { description: "`course_text_mismatch`: not the text whose hash is on chain" },
    },
    handler: async ({ params: { courseId, version }, body: { text } }) =>
      ok(await provideCourseText(db, reader, courseId, version, text)),
  });

  defineRoute({
    method: "post",
    path: "/courses/{courseId}/retire",
    summary: "The host retires its course",
    roles: ["member"],
    params: CourseId,
    responses: { 200: { description: "retired", content: json(Written) } },
    handler: async ({ params: { courseId }, caller, req }) => {
      await requireCourse(reader, courseId);
      return idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: await retireCourse(custodialSigner(signers, caller.memberId!), { courseId }),
      }));
    },
  });

  defineRoute({
    method: "put",
    path: "/courses/{courseId}/tier",
    summary:
      "The evaluation committee certifies a course (home schools must then accept it in full) or returns it to general",
    roles: ["member", "secretariat"],
    params: CourseId,
    body: SetTier,
    responses: { 200: { description: "tier set; the report's hash is on chain", content: json(TierSet) } },
    handler: async ({ params: { courseId }, body: { tier, report }, caller, req }) => {
      await requireCourse(reader, courseId);
      const reportHash = keccak256(toUtf8Bytes(report));
      return idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: {
          ...(await setCourseTier(actingSigner(signers, caller), {
            courseId,
            tier: tier === "certified" ? 1 : 0,
            reasonHash: reportHash,
          })),
          reportHash,
        },
      }));
    },
  });
  return router;
}
