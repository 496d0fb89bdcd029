import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/config.server";
import { retryDelayMs } from "~/services/email.server";
import {
  bodyLimitFor,
  bodyRefusal,
  contentSecurityPolicy,
  isBodyTooLarge,
  isCrossSiteWrite,
  securityHeaders,
} from "../../server/security";

describe("configuration", () => {
  it("has defaults that run the app on the embedded database", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ NODE_ENV: "development", PORT: 3000, DATA_DIR: "./.data" });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("stops with a message naming each wrong variable", () => {
    expect(() => parseConfig({ PORT: "eighty", DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
    try {
      parseConfig({ PORT: "eighty", DATABASE_URL: "mysql://x" });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT: /);
      expect((error as Error).message).toMatch(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
    }
  });

  it("treats an empty variable as unset", () => {
    const config = parseConfig({ SMTP_URL: "", PORT: "" });
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });
});

describe("cross-site writes", () => {
  const own = "http://localhost:3000";
  it("refuses a POST that a browser marks as cross-site or from another origin", () => {
    expect(
      isCrossSiteWrite({ method: "POST", origin: "https://evil.example", secFetchSite: undefined, ownOrigin: own }),
    ).toBe(true);
    expect(isCrossSiteWrite({ method: "POST", origin: undefined, secFetchSite: "cross-site", ownOrigin: own })).toBe(
      true,
    );
    expect(isCrossSiteWrite({ method: "POST", origin: undefined, secFetchSite: "same-site", ownOrigin: own })).toBe(
      true,
    );
    expect(isCrossSiteWrite({ method: "POST", origin: "null", secFetchSite: undefined, ownOrigin: own })).toBe(true);
  });

  it("accepts same-origin writes, reads from anywhere, and clients that send neither header", () => {
    expect(isCrossSiteWrite({ method: "POST", origin: own, secFetchSite: "same-origin", ownOrigin: own })).toBe(false);
    expect(
      isCrossSiteWrite({ method: "GET", origin: "https://evil.example", secFetchSite: "cross-site", ownOrigin: own }),
    ).toBe(false);
    expect(isCrossSiteWrite({ method: "POST", origin: undefined, secFetchSite: undefined, ownOrigin: own })).toBe(
      false,
    );
  });
});

describe("security headers", () => {
  it("allow scripts only with the response's nonce and forbid framing", () => {
    const csp = contentSecurityPolicy("abc123", { development: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("add HSTS in production only", () => {
    expect(securityHeaders("n", { production: true, development: false })["Strict-Transport-Security"]).toMatch(
      /max-age=/,
    );
    expect(
      securityHeaders("n", { production: false, development: false })["Strict-Transport-Security"],
    ).toBeUndefined();
    expect(securityHeaders("n", { production: false, development: false })).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });

  it("cap request bodies at 1 MB", () => {
    expect(isBodyTooLarge(String(1024 * 1024))).toBe(false);
    expect(isBodyTooLarge(String(1024 * 1024 + 1))).toBe(true);
    expect(isBodyTooLarge("nonsense")).toBe(true);
    expect(isBodyTooLarge(undefined)).toBe(false);
  });

  it("refuse a write whose body is too large, of unknown length, or not a form", () => {
    const form = "application/x-www-form-urlencoded";
    const write = (changes: Partial<Parameters<typeof bodyRefusal>[0]>) =>
      bodyRefusal({
        method: "POST",
        path: "/login",
        contentLength: "100",
        transferEncoding: undefined,
        contentType: form,
        ...changes,
      })?.status ?? null;
    expect(write({})).toBeNull();
    expect(write({ contentType: "multipart/form-data; boundary=----x" })).toBeNull();
    expect(write({ contentType: "Application/X-WWW-Form-Urlencoded; charset=UTF-8" })).toBeNull();
    expect(write({ contentLength: String(1024 * 1024 + 1) })).toBe(413);
    expect(write({ contentLength: String(2 * 1024 * 1024), path: "/events/leeds/submission/screenshots" })).toBeNull();
    // Streamed in chunks, the body's size is unknown until it has all been read.
    expect(write({ contentLength: undefined, transferEncoding: "chunked" })).toBe(411);
    // request.formData() throws on these, so the app would answer 500.
    for (const contentType of ["application/json", "text/plain", "text/xml", undefined, ""]) {
      expect(write({ contentType }), String(contentType)).toBe(415);
    }
    // Reads carry no body the app looks at.
    expect(write({ method: "GET", contentType: undefined, contentLength: undefined })).toBeNull();
    expect(write({ method: "HEAD", transferEncoding: "chunked", contentLength: undefined })).toBeNull();
  });

  it("allow more only to the two forms that carry a file", () => {
    expect(bodyLimitFor("/events/leeds/submission/screenshots")).toBe(2.5 * 1024 * 1024);
    expect(bodyLimitFor("/events/leeds/manage/submissions/import")).toBe(5 * 1024 * 1024);
    expect(bodyLimitFor("/events/leeds/submission/screenshots.data")).toBe(2.5 * 1024 * 1024);
    expect(bodyLimitFor("/events/leeds/manage/submissions/import.data")).toBe(5 * 1024 * 1024);
    expect(bodyLimitFor("/events/leeds/submission")).toBe(1024 * 1024);
    expect(bodyLimitFor("/events/leeds/submission/screenshots/extra")).toBe(1024 * 1024);
    expect(bodyLimitFor("/login")).toBe(1024 * 1024);
  });
});

describe("email retries", () => {
  it("back off from 30 seconds, doubling, up to an hour", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});
