import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { ErrorFragment, type JsonFragment } from "ethers";
import { describe, expect, it } from "vitest";

/**
 * Every custom error declared under contracts/ has a NatSpec notice saying when it is raised: the SDK's
 * error messages send users to those declarations. Read from the compiler's output (Hardhat's build info,
 * with `userdoc` selected in hardhat.config.ts), not from the source text, so it sees what solc sees:
 * errors inherited by or imported into each contract, and the notice each contract's userdoc carries.
 */

interface Artifact {
  sourceName: string;
  contractName: string;
  inputSourceName: string;
  buildInfoId: string;
}

interface AstNode {
  nodeType?: string;
  name?: string;
  errorSelector?: string;
  [key: string]: unknown;
}

interface BuildInfoOutput {
  output: {
    contracts: Record<
      string,
      Record<string, { abi: JsonFragment[]; userdoc?: { errors?: Record<string, { notice?: string }[]> } }>
    >;
    sources: Record<string, { ast: AstNode }>;
  };
}

interface BuildInfoInput {
  input: { sources: Record<string, { content: string }> };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function errorDefinitions(node: unknown, found: AstNode[] = []): AstNode[] {
  if (Array.isArray(node)) for (const child of node) errorDefinitions(child, found);
  else if (node && typeof node === "object") {
    if ((node as AstNode).nodeType === "ErrorDefinition") found.push(node as AstNode);
    for (const child of Object.values(node)) errorDefinitions(child, found);
  }
  return found;
}

async function readBuild() {
  const paths = (await filesUnder("artifacts/contracts")).filter((p) => p.endsWith(".json"));
  const artifacts = await Promise.all(paths.map(async (p) => JSON.parse(await readFile(p, "utf8")) as Artifact));
  const buildInfos = new Map<string, { input: BuildInfoInput; output: BuildInfoOutput }>();
  for (const id of new Set(artifacts.map((a) => a.buildInfoId))) {
    const read = async <T>(suffix: string) =>
      JSON.parse(await readFile(join("artifacts/build-info", `${id}${suffix}`), "utf8")) as T;
    buildInfos.set(id, {
      input: await read<BuildInfoInput>(".json"),
      output: await read<BuildInfoOutput>(".output.json"),
    });
  }
  return { artifacts, buildInfos };
}

describe("custom errors of contracts/", async () => {
  const { artifacts, buildInfos } = await readBuild();

  it("are read from a build of the current sources", async () => {
    const stale: string[] = [];
    for (const artifact of artifacts) {
      const { content } = buildInfos.get(artifact.buildInfoId)!.input.input.sources[artifact.inputSourceName];
      const onDisk = await readFile(artifact.sourceName, "utf8").catch(() => undefined);
      if (onDisk !== content) stale.push(artifact.sourceName);
    }
    expect(stale, "artifacts are older than these sources: run npx hardhat build").toEqual([]);
    expect(artifacts.length).toBeGreaterThan(0);
  });

  it("each have a NatSpec notice in the userdoc of every contract whose ABI includes them", () => {
    // The errors declared in our sources, by selector (OpenZeppelin's carry OpenZeppelin's @dev docs). Each
    // source is read from the build of its own artifact: an older build info may hold older copies of it.
    const declared = new Map<string, string>();
    for (const artifact of artifacts) {
      const { ast } = buildInfos.get(artifact.buildInfoId)!.output.output.sources[artifact.inputSourceName];
      for (const e of errorDefinitions(ast)) declared.set(`0x${e.errorSelector}`, `${e.name} (${artifact.sourceName})`);
    }
    expect(declared.size).toBeGreaterThan(50);

    const undocumented: string[] = [];
    const seen = new Set<string>();
    for (const artifact of artifacts) {
      const compiled = buildInfos.get(artifact.buildInfoId)!.output.output.contracts[artifact.inputSourceName][
        artifact.contractName
      ];
      for (const item of compiled.abi.filter((f) => f.type === "error")) {
        const fragment = ErrorFragment.from(item);
        if (!declared.has(fragment.selector)) continue;
        seen.add(fragment.selector);
        const docs = compiled.userdoc?.errors?.[fragment.format("sighash")] ?? [];
        if (!docs.some((d) => d.notice?.trim())) undocumented.push(`${artifact.contractName}: ${fragment.format()}`);
      }
    }
    expect(undocumented, "custom errors without a /// @notice saying when they are raised").toEqual([]);
    const inNoAbi = [...declared].filter(([selector]) => !seen.has(selector)).map(([, name]) => name);
    expect(inNoAbi, "errors declared but in no contract's ABI, so unchecked").toEqual([]);
  });
});
