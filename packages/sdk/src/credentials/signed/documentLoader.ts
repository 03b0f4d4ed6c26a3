import { createRequire } from "node:module";
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import multikeyContext from "@digitalbazaar/multikey-context";
import didContext from "did-context";
import { JsonLdDocumentLoader } from "jsonld-document-loader";

const require = createRequire(import.meta.url);

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/** Defines `1EdTechJsonSchemaValidator2019`, which the OB context does not: a credentialSchema needs it. */
export const OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
export const DID_CONTEXT = didContext.CONTEXT_URL;
export const MULTIKEY_CONTEXT = multikeyContext.CONTEXT_URL;

/** A DID document, as `resolveDid` returns it. */
export interface DidDocument {
  "@context": string[];
  id: string;
  verificationMethod: Array<{ id: string; type: string; controller: string; publicKeyMultibase: string }>;
  assertionMethod: string[];
  [term: string]: unknown;
}

export type DocumentLoader = (
  url: string,
) => Promise<{ contextUrl: string | null; documentUrl: string; document: object }>;

/**
 * A JSON-LD document loader that never reaches the network by itself: the W3C VC 2.0, DID, Multikey and
 * Open Badges 3.0 contexts ship with the SDK. DIDs go to `resolveDid` (a did:web resolver over HTTP, or
 * the gateway's own table) and any other URL to `fetchDocument` (the status list credential); without
 * them an unknown URL is an error, never a download.
 */
export function createDocumentLoader(
  options: {
    resolveDid?: (did: string) => Promise<DidDocument>;
    fetchDocument?: (url: string) => Promise<object>;
  } = {},
): DocumentLoader {
  const loader = new JsonLdDocumentLoader();
  loader.addDocuments({ documents: credentialsContexts });
  loader.addDocuments({ documents: multikeyContext.contexts });
  loader.addDocuments({ documents: didContext.contexts });
  loader.addStatic(OB_V3_CONTEXT, require("../../../schemas/vendor/ob-v3p0-context-3.0.3.json"));
  loader.addStatic(OB_EXTENSIONS_CONTEXT, require("../../../schemas/vendor/ob-v3p0-extensions.json"));
  const { resolveDid, fetchDocument } = options;
  if (resolveDid)
    loader.setDidResolver({
      // A verification method's URL answers the key itself (with the document's context), the bare DID the document.
      async get({ url }) {
        const [did, fragment] = url.split("#");
        const document = await resolveDid(did);
        if (!fragment) return document;
        const method = document.verificationMethod.find((m) => m.id === url);
        if (!method) throw new Error(`${did} has no verification method ${url}`);
        return { "@context": document["@context"], ...method };
      },
    });
  const base = loader.build();
  return async (url) => {
    if (fetchDocument && !url.startsWith("did:") && /^https?:/.test(url)) {
      try {
        return await base(url);
      } catch {
        return { contextUrl: null, documentUrl: url, document: await fetchDocument(url) };
      }
    }
    return base(url);
  };
}
