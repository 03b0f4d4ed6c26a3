import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

/** The gateway's schemas, as its OpenAPI document names them. */
export type Schemas = components["schemas"];

/** A gateway refusal: its machine-readable code (translated on screen), message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Array<Record<string, unknown>> = [],
  ) {
    super(message);
  }
}

const KEY_STORAGE = "alliance.apiKey";
let apiKey: string | null = sessionStorage.getItem(KEY_STORAGE);

/** The key lives in this tab's session only: closing the tab signs out. */
export function setApiKey(key: string | null) {
  apiKey = key;
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

export const hasApiKey = () => apiKey !== null;

const withKey = (headers: Headers) => {
  if (apiKey) headers.set("authorization", `Bearer ${apiKey}`);
  return headers;
};

const authorise: Middleware = {
  onRequest({ request }) {
    withKey(request.headers);
    return request;
  },
};

/** The typed client: paths, parameters and answers come from the gateway's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(authorise);

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code: string; message: string; details?: Array<Record<string, unknown>> } }
    | undefined;
  const e = body?.error;
  return new ApiError(
    response.status,
    e?.code ?? `http_${response.status}`,
    e?.message ?? response.statusText,
    e?.details,
  );
}

/** The answer's data, or the gateway's error thrown as an ApiError (for TanStack Query). */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const e = (error as { error?: { code: string; message: string; details?: Array<Record<string, unknown>> } })?.error;
    throw e ? new ApiError(response.status, e.code, e.message, e.details) : await errorOf(response);
  }
  return data as T;
}

/** A request the typed client cannot express: raw roster bytes, or an archive to save. */
export async function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, { ...init, headers: withKey(new Headers(init.headers)) });
  if (!response.ok) throw await errorOf(response);
  return response;
}

/**
 * A fresh Idempotency-Key for one user action. Not crypto.randomUUID: a school's intranet serves the
 * console over plain HTTP, where browsers offer it only on secure origins; getRandomValues works everywhere.
 */
export function idempotencyKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Saves a download under `name` (an archive, a report, an evidence package). */
export function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The JSON answer of one operation, for answers the document does not name as a schema. */
export type Answer<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { "application/json": infer T } } };
}
  ? T
  : never;
