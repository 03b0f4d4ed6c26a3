import { pageOf } from "../../responseSchemas.js";
import { z } from "zod";
import "../../http/zod.js";
import { decimalCredits, minorUnits, page } from "../../validators.js";

export const TIERS = ["general", "certified"] as const;
export const STATUSES = ["none", "active", "retired"] as const;

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
export const PublishCourse = CourseTerms.extend({ code: z.string().min(1).max(31) })
  .strict()
  .openapi("PublishCourse");
export const CourseVersion = CourseTerms.strict().openapi("PublishCourseVersion");
export const SetTier = z
  .object({
    tier: z.enum(TIERS),
    report: z
      .string()
      .min(1)
      .max(10_000)
      .openapi({ description: "the evaluation committee's report; its hash goes on chain" }),
  })
  .strict()
  .openapi("SetCourseTier");
export const Course = z
  .object({
    courseId: z.number(),
    code: z.string(),
    title: z.string().nullable().openapi({
      description:
        "the latest version's title (the first line of its title and syllabus), when this gateway holds the text whose hash is on chain",
      example: "数据结构",
    }),
    hostMemberId: z.number(),
    latestVersion: z.number(),
    tier: z.enum(TIERS),
    status: z.enum(STATUSES),
    credits: z.number().openapi({ description: "the latest version's credits, as on a transcript", example: 2.5 }),
    feePerCredit: z.string(),
    term: z.number(),
    seats: z.number(),
  })
  .openapi("Course");
export const CourseQuery = z.object({
  hostMemberId: z.coerce.number().int().positive().optional(),
  tier: z.enum(TIERS).optional(),
  status: z.enum(["active", "retired"]).optional(),
  term: z.coerce.number().int().positive().optional(),
  ...page,
});
export type CourseQuery = z.infer<typeof CourseQuery>;
export const CourseId = z.object({
  courseId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 32 - 1),
});
export const CoursePage = pageOf(Course);
export const CourseVersionId = CourseId.extend({
  version: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 16 - 1),
});
export const CourseText = z
  .object({
    text: z
      .string()
      .min(1)
      .max(10_000)
      .openapi({ description: "the version's title and syllabus, exactly as published (its keccak-256 is on chain)" }),
  })
  .strict()
  .openapi("CourseText");
export const CourseTextKept = z
  .object({ courseId: z.number(), version: z.number(), title: z.string() })
  .openapi("CourseTextKept");
