import { Router } from "express";
import { keccak256, toUtf8Bytes } from "ethers";
import {
  publishCourse,
  publishCourseVersion,
  retireCourse,
  setCourseTier,
  type AllianceClient,
} from "@alliance-ledger/sdk";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { actingSigner, custodialSigner } from "../custody/custodialSigner.js";
import { DomainError } from "../errors.js";
import { idempotentChainWrite } from "../idempotency.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { decimalCredits, minorUnits, page } from "../validators.js";
import { listCourses } from "../readModel/queries/listCourses.js";
import { json, CoursePublished, TierSet, VersionPublished, Written } from "../responseSchemas.js";

const TIERS = ["general", "certified"] as const;
const STATUSES = ["none", "active", "retired"] as const;

const CourseTerms = z.object({
  metadata: z.string().min(1).max(10_000).openapi({ description: "title and syllabus; hashed on chain" }),
  credits: decimalCredits(100_000).openapi({
    description:
      "credits as on a transcript: a number or decimal string, at most two decimals, above 0 and at most 1,000",
    example: 3,
  }),
  contactHours: z.number().int().min(1).max(100_000),
  feePerCredit: minorUnits,
  term: z.number().int().min(1),
  seats: z.number().int().min(1).max(1_000_000),
});
const PublishCourse = openApiRegistry.register(
  "PublishCourse",
  CourseTerms.extend({ code: z.string().min(1).max(31) }).strict(),
);
const CourseVersion = openApiRegistry.register("PublishCourseVersion", CourseTerms.strict());
const SetTier = openApiRegistry.register(
  "SetCourseTier",
  z
    .object({
      tier: z.enum(TIERS),
      report: z
        .string()
        .min(1)
        .max(10_000)
        .openapi({ description: "the evaluation committee's report; its hash goes on chain" }),
    })
    .strict(),
);
const Course = openApiRegistry.register(
  "Course",
  z.object({
    courseId: z.number(),
    code: z.string(),
    hostMemberId: z.number(),
    latestVersion: z.number(),
    tier: z.enum(TIERS),
    status: z.enum(STATUSES),
    credits: z.number().openapi({ description: "the latest version's credits, as on a transcript", example: 2.5 }),
    feePerCredit: z.string(),
    term: z.number(),
    seats: z.number(),
  }),
);
const CourseQuery = z.object({
  hostMemberId: z.coerce.number().int().positive().optional(),
  tier: z.enum(TIERS).optional(),
  status: z.enum(["active", "retired"]).optional(),
  term: z.coerce.number().int().positive().optional(),
  ...page,
});
const CourseId = z.object({
  courseId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 32 - 1),
});

const params = { params: z.object({ courseId: z.string() }) };
openApiRegistry.registerPath({
  method: "get",
  path: "/courses",
  summary: "The shared course catalogue, filterable by host, tier, status and term, paginated",
  ...secured,
  request: { query: CourseQuery },
  responses: {
    200: {
      description: "a page of courses",
      content: { "application/json": { schema: z.object({ items: z.array(Course), total: z.number() }) } },
    },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/courses",
  summary: "A host member publishes a shared course",
  ...secured,
  request: { body: { content: { "application/json": { schema: PublishCourse } } } },
  responses: { 201: { description: "published", content: json(CoursePublished) } },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/courses/{courseId}/versions",
  summary: "The host publishes new terms for its course (attestations name the version they were earned under)",
  ...secured,
  request: { ...params, body: { content: { "application/json": { schema: CourseVersion } } } },
  responses: { 201: { description: "new version", content: json(VersionPublished) } },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/courses/{courseId}/retire",
  summary: "The host retires its course",
  ...secured,
  request: params,
  responses: { 200: { description: "retired", content: json(Written) } },
});
openApiRegistry.registerPath({
  method: "put",
  path: "/courses/{courseId}/tier",
  summary:
    "The evaluation committee certifies a course (home schools must then accept it in full) or returns it to general",
  ...secured,
  request: { ...params, body: { content: { "application/json": { schema: SetTier } } } },
  responses: { 200: { description: "tier set; the report's hash is on chain", content: json(TierSet) } },
});

/** The shared course catalogue: publish, new versions, retire, certification. */
export function courseRoutes(db: Database, reader: AllianceClient, signers: Map<number, AllianceClient>): Router {
  const router = Router();

  router.get("/courses", authenticate(db), async (req, res) => {
    res.json(await listCourses(db, validate(CourseQuery, req.query)));
  });

  router.post("/courses", authenticate(db), requireRole("member"), async (req, res) => {
    const { code, ...terms } = validate(PublishCourse, req.body);
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 201,
      body: await publishCourse(custodialSigner(signers, req.apiKey!.memberId!), { code, terms }),
    }));
    res.status(status).json(body);
  });

  router.post("/courses/:courseId/versions", authenticate(db), requireRole("member"), async (req, res) => {
    const { courseId } = validate(CourseId, req.params);
    const terms = validate(CourseVersion, req.body);
    await requireCourse(reader, courseId);
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 201,
      body: await publishCourseVersion(custodialSigner(signers, req.apiKey!.memberId!), { courseId, terms }),
    }));
    res.status(status).json(body);
  });

  router.post("/courses/:courseId/retire", authenticate(db), requireRole("member"), async (req, res) => {
    const { courseId } = validate(CourseId, req.params);
    await requireCourse(reader, courseId);
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 200,
      body: await retireCourse(custodialSigner(signers, req.apiKey!.memberId!), { courseId }),
    }));
    res.status(status).json(body);
  });

  router.put("/courses/:courseId/tier", authenticate(db), requireRole("member", "secretariat"), async (req, res) => {
    const { courseId } = validate(CourseId, req.params);
    const { tier, report } = validate(SetTier, req.body);
    await requireCourse(reader, courseId);
    const reportHash = keccak256(toUtf8Bytes(report));
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 200,
      body: {
        ...(await setCourseTier(actingSigner(signers, req.apiKey!), {
          courseId,
          tier: tier === "certified" ? 1 : 0,
          reasonHash: reportHash,
        })),
        reportHash,
      },
    }));
    res.status(status).json(body);
  });
  return router;
}

async function requireCourse(reader: AllianceClient, courseId: number) {
  if (courseId > Number(await reader.catalog.courseCount()))
    throw new DomainError("course_not_found", `No course has id ${courseId}.`, [
      { field: "courseId", value: courseId },
    ]);
}
