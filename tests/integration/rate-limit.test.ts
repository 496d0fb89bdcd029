import { describe, expect, it } from "vitest";
import { LIMITS, hit } from "~/auth/rate-limit.server";
import { action as loginAction } from "~/routes/login";
import { action as signUpAction } from "~/routes/signup";
import { formRequest, makeUser, run } from "./db";

describe("rate limits", () => {
  it("answers 429 with a readable message after 10 sign-in attempts on one account", async () => {
    await makeUser({ email: "target@example.org" });
    const attempt = (ip: string) =>
      run(loginAction, formRequest("/login", { email: "target@example.org", password: "guess guess guess" }), ip);
    for (let i = 0; i < LIMITS.signIn.perAccount.max; i++) {
      // From different addresses: the account's own count is what stops this.
      expect((await attempt(`198.51.100.${i}`)).status).toBe(400);
    }
    const refused = await attempt("198.51.100.200");
    expect(refused.status).toBe(429);
    expect(refused.data).toMatchObject({ message: expect.stringMatching(/too many attempts.*wait \d+ minutes?/i) });
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("counts per address too, so one address cannot try many accounts", async () => {
    const ip = "203.0.113.9";
    for (let i = 0; i < LIMITS.signUp.perIp.max; i++) {
      const outcome = await run(
        signUpAction,
        formRequest("/signup", { name: "x", email: `p${i}@example.org`, password: "too short" }),
        ip,
      );
      expect(outcome.status).toBe(400); // invalid forms are refused before they count
    }
    for (let i = 0; i < LIMITS.signUp.perIp.max; i++) {
      await hit(`signUp:ip:${ip}`, LIMITS.signUp.perIp);
    }
    const refused = await run(
      signUpAction,
      formRequest("/signup", { name: "Asha", email: "asha@example.org", password: "marmalade lighthouse quietly" }),
      ip,
    );
    expect(refused.status).toBe(429);
    const elsewhere = await run(
      signUpAction,
      formRequest("/signup", { name: "Asha", email: "asha@example.org", password: "marmalade lighthouse quietly" }),
      "203.0.113.10",
    );
    expect(elsewhere.status).toBe(302);
  });

  it("starts a new window once the old one has passed", async () => {
    const limit = { max: 2, windowSeconds: 60 };
    const start = new Date("2026-11-21T10:00:00Z");
    expect((await hit("k", limit, start)).allowed).toBe(true);
    expect((await hit("k", limit, new Date(start.getTime() + 1000))).allowed).toBe(true);
    const third = await hit("k", limit, new Date(start.getTime() + 2000));
    expect(third).toEqual({ allowed: false, retryAfterSeconds: 58 });
    expect((await hit("k", limit, new Date(start.getTime() + 61_000))).allowed).toBe(true);
  });
});
