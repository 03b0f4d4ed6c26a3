import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";

/**
 * A client generated from the OpenAPI document with openapi-typescript types the gateway's answers: a
 * program using them compiles, and one that misreads an answer does not.
 */
describe("a client generated from the OpenAPI document", () => {
  it("types the success answers", async () => {
    const document = JSON.parse(execFileSync("npm", ["run", "-s", "openapi"], { encoding: "utf8" }));
    const dir = await mkdtemp(join(tmpdir(), "alliance-openapi-client-"));
    await writeFile(join(dir, "api.d.ts"), astToString(await openapiTS(document)));
    await writeFile(
      join(dir, "use.ts"),
      `import type { paths } from "./api.js";
type Answer<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { "application/json": infer T } } };
}
  ? T
  : never;
export const claimed: Answer<"/cost-entries", "post", 201> = { entryId: "0x01", transactionHash: null, alreadyRecorded: false };
export const closed: Answer<"/periods/{periodId}/close", "post", 200> = {
  reportHash: "0x",
  transactionHash: "0x",
  report: { periodId: 1, currency: "CNY", totalCost: "0", totalIncome: "0", members: [], settlements: [] },
};
export const net: Answer<"/periods/{periodId}/reconciliation", "get", 200>["members"][number]["net"] = "-120000";
// @ts-expect-error an entry id is a string, not a number
export const wrongId: Answer<"/cost-entries", "post", 201> = { entryId: 1, transactionHash: null };
// @ts-expect-error money is a decimal string of minor units, never a float
export const wrongMoney: Answer<"/periods/{periodId}/reconciliation", "get", 200>["totalCost"] = 1.5;
`,
    );
    await writeFile(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          skipLibCheck: false,
        },
        files: ["use.ts"],
      }),
    );
    const tsc = join(process.cwd(), "node_modules", ".bin", "tsc");
    // Throws (with the compiler's output) if the generated types do not fit the answers as documented.
    expect(() => execFileSync(tsc, ["-p", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  });
});
