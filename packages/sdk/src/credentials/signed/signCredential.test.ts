import { describe, expect, it } from "vitest";
import { buildAttestationTree } from "../../attestations/buildAttestationTree.js";
import { issueCredentialFiles } from "../credentialFile.js";
import { exportOpenBadgeCredential } from "../exportOpenBadgeCredential.js";
import { sealAttestation } from "../sealAttestation.js";
import { DID_CONTEXT, type DidDocument, MULTIKEY_CONTEXT, createDocumentLoader } from "./documentLoader.js";
import { didWebUrl, memberDid } from "./didWeb.js";
import { generateIssuerKey, type IssuerKeyMaterial } from "./issuerKey.js";
import { signCredential, verifySignedCredential } from "./signCredential.js";
import { statusEntry, statusListCredential } from "./statusList.js";

const sealed = [
  sealAttestation({
    issuerId: 1,
    homeId: 2,
    courseId: 4,
    courseVersion: 2,
    term: 20261,
    credits: 250,
    studentRef: "S-1",
    grade: "优秀",
    completionDate: "2026-07-10",
  }),
];
const [file] = issueCredentialFiles({
  tree: buildAttestationTree(sealed.map((s) => s.attestation)),
  sealed,
  chainId: 31337,
  creditLedger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
});

const did = memberDid("127.0.0.1:3000", 1);
const listUrl = "http://127.0.0.1:3000/members/1/status/0";
const documentOf = (keys: IssuerKeyMaterial[]): DidDocument => ({
  "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
  id: did,
  verificationMethod: keys.map((k) => ({
    id: k.id,
    type: "Multikey",
    controller: did,
    publicKeyMultibase: k.publicKeyMultibase,
  })),
  assertionMethod: keys.map((k) => k.id),
});

describe("signed Open Badges credentials", () => {
  it("names members by did:web and finds their documents where did:web says", () => {
    expect(did).toBe("did:web:127.0.0.1%3A3000:members:1");
    expect(didWebUrl(did)).toBe("https://127.0.0.1:3000/members/1/did.json");
    expect(didWebUrl(did, { http: true })).toBe("http://127.0.0.1:3000/members/1/did.json");
    expect(didWebUrl("did:web:alliance.example.edu.cn")).toBe("https://alliance.example.edu.cn/.well-known/did.json");
  });

  it("verifies with the issuer's key and status list, and fails when revoked, tampered or signed by another key", async () => {
    const key = await generateIssuerKey(did, 1);
    const documents = new Map<string, DidDocument>([[did, documentOf([key])]]);
    const lists = new Map<string, object>();
    const loader = createDocumentLoader({
      resolveDid: async (d) => structuredClone(documents.get(d)!),
      fetchDocument: async (url) => structuredClone(lists.get(url)!),
    });
    const publishList = async (revoked: number[]) =>
      lists.set(
        listUrl,
        await signCredential(
          await statusListCredential({ url: listUrl, issuer: did, revoked, validFrom: new Date() }),
          key,
          loader,
        ),
      );
    await publishList([]);
    const credential = await signCredential(
      exportOpenBadgeCredential(file, {
        issuer: { id: did, name: "北京理工大学" },
        course: { code: "EE210", title: "电路分析", credits: 3 },
        anchoredAt: new Date("2026-07-12T08:00:00Z"),
        credentialStatus: statusEntry(listUrl, 7),
      }),
      key,
      loader,
    );
    expect(credential.proof[0]).toMatchObject({ type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022" });
    expect(credential.credentialSubject.achievement).toMatchObject({ name: "电路分析", creditsAvailable: 3 });
    expect(credential.credentialSubject.identifier?.[0].identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(JSON.stringify(credential)).not.toContain("S-1");
    expect(await verifySignedCredential(credential, loader)).toEqual({ verified: true, revoked: false, errors: [] });

    // One changed byte fails the proof.
    const tampered = structuredClone(credential);
    tampered.credentialSubject.result = [{ type: ["Result"], value: "良好" }];
    expect((await verifySignedCredential(tampered, loader)).verified).toBe(false);

    // Revoked: the issuer sets the bit in its signed list.
    await publishList([7]);
    expect(await verifySignedCredential(credential, loader)).toMatchObject({ verified: false, revoked: true });
    await publishList([]);

    // A key the issuer's DID document does not list cannot sign for it.
    const stranger = await generateIssuerKey(did, 2);
    const forged = await signCredential(
      exportOpenBadgeCredential(file, {
        issuer: { id: did, name: "北京理工大学" },
        course: { code: "EE210", title: "电路分析" },
        anchoredAt: new Date("2026-07-12T08:00:00Z"),
      }),
      stranger,
      loader,
    );
    expect((await verifySignedCredential(forged, loader)).verified).toBe(false);
  });
});
