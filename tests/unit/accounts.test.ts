import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCommonPassword } from "~/auth/passwords.server";
import { safeRedirectPath } from "~/auth/guards.server";
import { signInSchema, signUpSchema } from "~/domain/accounts";
import { describeUserAgent } from "~/domain/user-agent";
import { parseForm } from "~/forms.server";

const schema = signUpSchema(isCommonPassword);
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
};

describe("sign-up rules", () => {
  it("accepts a name, an email address (lower-cased) and a long uncommon password", () => {
    const result = schema.safeParse({
      name: " Asha Patel ",
      email: " Asha@NHS.net ",
      password: "marmalade lighthouse",
    });
    expect(result.success && result.data).toEqual({
      name: "Asha Patel",
      email: "asha@nhs.net",
      password: "marmalade lighthouse",
    });
  });

  it("refuses a password shorter than 12 characters", () => {
    const result = schema.safeParse({ name: "A", email: "a@b.org", password: "elevenchars" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Password must be 12 characters or more");
  });

  it("refuses the most common passwords, also with digits added", () => {
    for (const password of ["qwertyuiop123", "1q2w3e4r5t6y", "QWERTY123456", "password12345678", "iloveyou12345"]) {
      expect(isCommonPassword(password), password).toBe(true);
    }
    for (const password of ["marmalade lighthouse", "correct-horse-battery"]) {
      expect(isCommonPassword(password), password).toBe(false);
    }
  });

  it("names the field in every message", () => {
    const result = parseForm(schema, form({ name: "", email: "not an email", password: "" }));
    expect(!result.ok && result.failure.errors).toEqual({
      name: "Enter your full name",
      email: "Enter an email address in the correct format, like name@example.nhs.uk",
      password: "Enter a password",
    });
  });
});

describe("reading a form", () => {
  it("keeps what was typed, except secrets, when the form is refused", () => {
    const result = parseForm(schema, form({ name: "Asha", email: "nope", password: "short" }), { hide: ["password"] });
    expect(result).toEqual({
      ok: false,
      failure: {
        errors: {
          email: "Enter an email address in the correct format, like name@example.nhs.uk",
          password: "Password must be 12 characters or more",
        },
        values: { name: "Asha", email: "nope" },
      },
    });
  });

  it("takes the first of a repeated field and never throws, whatever is posted", () => {
    const repeated = new FormData();
    repeated.append("email", "first@example.org");
    repeated.append("email", "second@example.org");
    repeated.append("password", "x");
    const parsed = parseForm(signInSchema, repeated);
    expect(parsed.ok && parsed.data.email).toBe("first@example.org");

    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 300 })), (fields) => {
        const result = parseForm(schema, form(fields), { hide: ["password"] });
        if (!result.ok) {
          expect(Object.keys(result.failure.errors).length).toBeGreaterThan(0);
          expect(result.failure.values.password).toBeUndefined();
        }
      }),
    );
  });
});

describe("after sign-in", () => {
  it("goes back only to a path on this site", () => {
    expect(safeRedirectPath("/account?x=1")).toBe("/account?x=1");
    expect(safeRedirectPath("https://evil.example")).toBe("/");
    expect(safeRedirectPath("//evil.example")).toBe("/");
    expect(safeRedirectPath("/\\evil.example")).toBe("/");
    expect(safeRedirectPath(null)).toBe("/");
  });
});

describe("device names on the sessions page", () => {
  it("reads common browsers and systems", () => {
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
      ),
    ).toBe("Edge on Windows");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iOS");
    expect(describeUserAgent("")).toBe("Unknown device");
  });
});
