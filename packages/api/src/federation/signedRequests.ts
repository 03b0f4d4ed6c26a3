import { randomBytes, sign, verify } from "node:crypto";
import type { AllianceClient } from "@alliance-ledger/sdk";
import { httpbis } from "http-message-signatures";
import { parseDictionary } from "structured-headers";
import { publicKeyFromRaw, type TransportKeys } from "./transportKeys.js";

/** What is signed: the method, path and query (not the host: a gateway may sit behind a proxy). */
const FIELDS = ["@method", "@path", "@query"];
/** A signature older than this is refused. */
const MAX_AGE_SECONDS = 300;
/** Two schools' clocks may differ by this much (NTP keeps them far closer); beyond it a request is refused. */
const CLOCK_SKEW_SECONDS = 30;
/** A member that left the alliance reads nothing more from the others' gateways. */
const WITHDRAWN = 4n;

/**
 * Signs a request to another member's gateway as an HTTP message signature (RFC 9421) with the
 * member's Ed25519 transport key; the key id names the member and the public key, which the receiving
 * gateway checks against the gateway directory on chain.
 */
export async function signRequest(keys: TransportKeys, method: string, url: string): Promise<Record<string, string>> {
  const signed = await httpbis.signMessage(
    {
      key: {
        id: `member:${keys.memberId}:${keys.signingPublic}`,
        alg: "ed25519",
        sign: async (data) => sign(null, data, keys.signingKey),
      },
      fields: FIELDS,
      params: ["keyid", "alg", "created", "expires", "nonce"],
      paramValues: { expires: new Date(Date.now() + MAX_AGE_SECONDS * 1000), nonce: randomBytes(12).toString("hex") },
    },
    { method, url, headers: {} },
  );
  return signed.headers as Record<string, string>;
}

/**
 * The member whose gateway signed this request, checked against the chain: the key id's public key must
 * be the member's signing key valid at the latest block in the gateway directory, the member must not
 * have left the alliance, and the signature must verify under it, fresh. Exactly one signature: a
 * request carrying several (someone else's captured one beside the sender's) is not asked to decide
 * whose it is. Undefined for an unsigned, stale, forged, unknown-key or many-signature request.
 */
export async function verifySignedRequest(
  reader: AllianceClient,
  request: { method: string; url: string; headers: Record<string, string | string[] | undefined> },
): Promise<number | undefined> {
  const directory = reader.memberGateways;
  if (!directory || !request.headers.signature || !request.headers["signature-input"]) return undefined;
  let signer: number | undefined;
  try {
    const inputs = parseDictionary(String(request.headers["signature-input"]));
    if (inputs.size !== 1 || parseDictionary(String(request.headers.signature)).size !== 1) return undefined;
    const ok = await httpbis.verifyMessage(
      {
        maxAge: MAX_AGE_SECONDS,
        tolerance: CLOCK_SKEW_SECONDS,
        requiredParams: ["created", "keyid"],
        requiredFields: FIELDS,
        keyLookup: async (params) => {
          const m = /^member:(\d+):(0x[0-9a-f]{64})$/.exec(String(params.keyid));
          if (!m) return null;
          const memberId = Number(m[1]);
          const block = await reader.provider.getBlockNumber();
          if (!(await directory.signingKeyValidAt(memberId, m[2], block))) return null;
          if ((await reader.registry.member(memberId)).status === WITHDRAWN) return null;
          const publicKey = publicKeyFromRaw(m[2], "Ed25519");
          return {
            algs: ["ed25519"],
            verify: async (data, signature) => {
              const valid = verify(null, data, publicKey, signature);
              if (valid) signer = memberId;
              return valid;
            },
          };
        },
      },
      { method: request.method, url: request.url, headers: request.headers as Record<string, string> },
    );
    return ok ? signer : undefined;
  } catch {
    return undefined;
  }
}
