import { z } from "zod";
import "../../http/zod.js";

const idList = z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'expected ids and ascending ranges, e.g. "1,2,5-7"');
/** The auditor's scope; a dimension left out covers everything on chain. */
export const ReportQuery = z.object({
  issuers: idList.optional().describe("issuers whose anchored batches are accounted for record by record"),
  members: idList.optional().describe("members whose cost entries must all be in the books"),
  periods: idList.optional().describe("periods whose entries, closing reports and settlements are audited"),
});
export const AuditExportFile = z.object({
  attestations: z.array(z.unknown()),
  batches: z.array(z.unknown()),
  costEntries: z.array(z.unknown()),
  reports: z.array(z.unknown()),
});
