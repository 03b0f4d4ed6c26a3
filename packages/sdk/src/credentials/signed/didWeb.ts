/**
 * did:web identifiers of member schools: `did:web:<domain>:members:<id>`, resolved at
 * `https://<domain>/members/<id>/did.json`. The domain is the alliance's (configuration); a port's colon
 * is written `%3A` (did:web's rule), so `127.0.0.1:3000` becomes `127.0.0.1%3A3000`.
 */
export function memberDid(domain: string, memberId: number): string {
  return `did:web:${encodeDomain(domain)}:members:${memberId}`;
}

/** `host:port` as did:web writes it. */
export function encodeDomain(domain: string): string {
  return domain.replace(/:/g, "%3A");
}

/**
 * Where a did:web document lives. did:web means HTTPS; `http: true` is for a gateway reached over plain
 * HTTP on a closed network or in tests, which the reader chooses knowingly.
 */
export function didWebUrl(did: string, options: { http?: boolean } = {}): string {
  const match = /^did:web:([^:#]+)((?::[^:#]+)*)$/.exec(did);
  if (!match) throw new Error(`not a did:web identifier: ${did}`);
  const host = decodeURIComponent(match[1]);
  const path = match[2]
    ? `${match[2].slice(1).split(":").map(decodeURIComponent).join("/")}/did.json`
    : ".well-known/did.json";
  return `${options.http ? "http" : "https"}://${host}/${path}`;
}
