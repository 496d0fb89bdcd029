// HTTP protections applied to every response before the app sees the request: security headers
// with a per-request CSP nonce, refusal of cross-site writes, and a cap on request bodies.
import { randomBytes } from "node:crypto";

export const MAX_BODY_BYTES = 1024 * 1024;

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export function contentSecurityPolicy(nonce: string, options: { development: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    // The NHS.UK frontend's Frutiger font comes from the NHS's own asset host.
    "font-src": ["'self'", "https://assets.nhs.uk"],
    "connect-src": options.development ? ["'self'", "ws:"] : ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

export function securityHeaders(
  nonce: string,
  options: { production: boolean; development: boolean },
): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(nonce, options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  if (options.production) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when a state-changing request comes from another site, as browsers declare it with
 * `Sec-Fetch-Site` and `Origin`. Requests with neither header are not from a browser's
 * cross-site form or script, so they cannot carry a victim's cookie across sites.
 */
export function isCrossSiteWrite(request: {
  method: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  ownOrigin: string;
}): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  if (request.secFetchSite && !["same-origin", "none"].includes(request.secFetchSite)) return true;
  if (request.origin !== undefined && request.origin !== request.ownOrigin) return true;
  return false;
}

// The two forms that carry a file: a screenshot (2 MB at most, plus the rest of the form) and a
// CSV file of entries to import. With JavaScript, Remix posts a form to its page's address with
// ".data" added.
const UPLOAD_LIMITS: readonly { path: RegExp; bytes: number }[] = [
  { path: /^\/events\/[^/]+\/submission\/screenshots(\.data)?$/, bytes: 2.5 * 1024 * 1024 },
  { path: /^\/events\/[^/]+\/manage\/submissions\/import(\.data)?$/, bytes: 5 * 1024 * 1024 },
];

/** The most a request to this path may send. */
export function bodyLimitFor(path: string): number {
  return UPLOAD_LIMITS.find((upload) => upload.path.test(path))?.bytes ?? MAX_BODY_BYTES;
}

export function isBodyTooLarge(contentLength: string | undefined, limit = MAX_BODY_BYTES): boolean {
  if (contentLength === undefined) return false;
  const length = Number(contentLength);
  return !Number.isFinite(length) || length > limit;
}

/** The two encodings of an HTML form; every action reads its body with request.formData(). */
const FORM_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export interface BodyRefusal {
  status: 411 | 413 | 415;
  title: string;
  message: string;
}

/**
 * Why a write's body is refused before the app reads it, or null to let it through. Its length
 * must be declared (a body streamed in chunks with no Content-Length would get past the cap and be
 * read whole), within its path's limit, and it must be a form: request.formData() throws on
 * anything else, which would be a 500.
 */
export function bodyRefusal(request: {
  method: string;
  path: string;
  contentLength: string | undefined;
  transferEncoding: string | undefined;
  contentType: string | undefined;
}): BodyRefusal | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (request.transferEncoding !== undefined && request.contentLength === undefined) {
    return { status: 411, title: "Length required", message: "Send the form again from its page." };
  }
  const limit = bodyLimitFor(request.path);
  if (isBodyTooLarge(request.contentLength, limit)) {
    return { status: 413, title: "Too much data", message: `A form can send at most ${limit / (1024 * 1024)} MB.` };
  }
  const type = (request.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_CONTENT_TYPES.has(type)) {
    return { status: 415, title: "Not a form", message: "This address only accepts forms sent from its page." };
  }
  return null;
}
