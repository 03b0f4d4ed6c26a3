import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { verifyMessage, type Signer } from "ethers";
import type { AuditReport } from "./auditLedger.js";

export interface EvidenceManifest {
  format: "alliance-ledger/audit-evidence@1";
  createdAt: string;
  auditor: string;
  chainId: number;
  blocks: { from: number; to: number };
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Writes an audit's evidence package to `dir`: the report (JSON), its discrepancies (CSV), any extra
 * files, a manifest of every file's SHA-256, and the auditor's signature over the manifest (EIP-191,
 * so anyone can recover the auditor's address with {@link verifyEvidencePackage}).
 */
export async function writeEvidencePackage(p: {
  dir: string;
  report: AuditReport;
  auditor: Signer;
  extraFiles?: Record<string, string>;
  now?: Date;
}): Promise<EvidenceManifest> {
  await mkdir(p.dir, { recursive: true });
  const files: Record<string, string> = {
    "audit-report.json": `${JSON.stringify(p.report, null, 2)}\n`,
    "discrepancies.csv": `${[
      "code,recordType,recordId,message",
      ...p.report.discrepancies.map((d) => [d.code, d.recordType, d.recordId, d.message].map(csvCell).join(",")),
    ].join("\n")}\n`,
    ...p.extraFiles,
  };
  const manifest: EvidenceManifest = {
    format: "alliance-ledger/audit-evidence@1",
    createdAt: (p.now ?? new Date()).toISOString(),
    auditor: await p.auditor.getAddress(),
    chainId: p.report.chainId,
    blocks: { from: p.report.fromBlock, to: p.report.toBlock },
    files: Object.entries(files).map(([name, content]) => ({
      name,
      bytes: Buffer.byteLength(content),
      sha256: createHash("sha256").update(content).digest("hex"),
    })),
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(p.dir, name), content);
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(join(p.dir, "manifest.json"), manifestText);
  await writeFile(join(p.dir, "manifest.sig"), `${await p.auditor.signMessage(manifestText)}\n`);
  return manifest;
}

export interface VerifyEvidencePackageReturnType {
  valid: boolean;
  /** The address that signed the manifest. */
  signer?: string;
  problems: string[];
}

/** Re-hashes every file of an evidence package and recovers who signed its manifest. */
export async function verifyEvidencePackage(dir: string): Promise<VerifyEvidencePackageReturnType> {
  const problems: string[] = [];
  const manifestText = await readFile(join(dir, "manifest.json"), "utf8");
  const manifest = JSON.parse(manifestText) as EvidenceManifest;
  const signature = (await readFile(join(dir, "manifest.sig"), "utf8")).trim();
  let signer: string | undefined;
  try {
    signer = verifyMessage(manifestText, signature);
    if (signer !== manifest.auditor)
      problems.push(`manifest signed by ${signer}, but names auditor ${manifest.auditor}`);
  } catch {
    problems.push("manifest.sig is not a valid signature");
  }
  for (const f of manifest.files) {
    const content = await readFile(join(dir, f.name)).catch(() => undefined);
    if (!content) problems.push(`${f.name} is missing`);
    else if (createHash("sha256").update(content).digest("hex") !== f.sha256)
      problems.push(`${f.name} was changed after signing`);
  }
  return { valid: problems.length === 0, signer, problems };
}
