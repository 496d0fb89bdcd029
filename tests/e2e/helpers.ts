// Shared fixtures and helpers for the end-to-end suite. Every spec imports `test` and `expect`
// from here, so that every test fails on a browser console error or page error.
import AxeBuilder from "@axe-core/playwright";
import {
  test as base,
  expect,
  request as playwrightRequest,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type TestInfo,
} from "@playwright/test";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { ReceivedEmail } from "./mail";
import {
  ADMIN_CREDENTIALS,
  ADMIN_STORAGE_STATE,
  BASE_URL,
  MAIL_DIR,
  PARTICIPANTS,
  STATE_DIR,
  participantStorageStatePath,
} from "./paths";

export { expect };
export { ADMIN_STORAGE_STATE, BASE_URL };

// ---------------------------------------------------------------------------------------------
// Console errors and page errors

/**
 * The NHS.UK stylesheet loads the Frutiger font from https://assets.nhs.uk, which cannot be
 * reached offline: those failed loads are the only console errors a page may show.
 */
function isNhsFontFailure(text: string, url: string): boolean {
  return url.startsWith("https://assets.nhs.uk/") || /https:\/\/assets\.nhs\.uk\//.test(text);
}

/**
 * React Router logs "AbortError: signal is aborted without reason" when a client-side navigation
 * is overtaken by a full page load: a click that lands while the page is still hydrating, then the
 * test's next page.goto. The person sees the page they asked for; nothing on the site failed.
 */
function isSupersededNavigation(text: string): boolean {
  return text.startsWith("AbortError: signal is aborted without reason");
}

export class ConsoleGuard {
  private readonly problems: string[] = [];
  private readonly allowed: RegExp[] = [];

  /** Listens to every page of the context, including pages opened later. */
  watch(context: BrowserContext): void {
    context.on("console", (message) => {
      if (message.type() !== "error") return;
      const url = message.location().url;
      const text = message.text();
      if (isNhsFontFailure(text, url) || isSupersededNavigation(text)) return;
      const page = message.page()?.url() ?? "(no page)";
      this.problems.push(`console error on ${page}: ${text}${url && !text.includes(url) ? ` [${url}]` : ""}`);
    });
    context.on("weberror", (webError) => {
      const error = webError.error();
      this.problems.push(`page error on ${webError.page()?.url() ?? "(no page)"}: ${error.stack ?? error.message}`);
    });
  }

  /**
   * Lets a test say which console errors it causes on purpose, such as the browser's note
   * "Failed to load resource: ... 404" on the page-not-found page. Matched against the whole line.
   */
  allow(...patterns: RegExp[]): void {
    this.allowed.push(...patterns);
  }

  /**
   * A test that has the server answer with an error status on purpose: a rejected form (400)
   * or an error page (403, 404, 429), which the error boundary also writes to the console.
   */
  expectStatus(...statuses: number[]): void {
    this.allow(...statuses.map(failedStatus));
    if (statuses.some((status) => status !== 400)) this.allow(ERROR_BOUNDARY_LOG, FAVICON_404);
  }

  unexpected(): string[] {
    return this.problems.filter((problem) => !this.allowed.some((pattern) => pattern.test(problem)));
  }
}

/** The browser's own line for a response with an error status, e.g. a 400 from a rejected form. */
export function failedStatus(status: number): RegExp {
  return new RegExp(`Failed to load resource: the server responded with a status of ${status} `);
}

/**
 * What the app's error boundary writes to the console when it renders in the browser
 * (app/components/error-boundary.tsx logs the route error, even an expected 404 or 429).
 */
export const ERROR_BOUNDARY_LOG = /\/assets\/error-boundary-[\w-]+\.js\]$/;

/**
 * When the error boundary replaces a page in the browser, Chromium sometimes asks for
 * /favicon.ico, which the app does not serve (its icon is /assets/images/favicon.svg).
 */
export const FAVICON_404 =
  /: Failed to load resource: the server responded with a status of 404 .*\[http:\/\/[^/]+\/favicon\.ico\]$/;

interface Fixtures {
  consoleGuard: ConsoleGuard;
  /** A second (third ...) browser: its own cookies, watched for console errors, closed after. */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
}

export const test = base.extend<Fixtures>({
  consoleGuard: [
    async ({ context }, use) => {
      const guard = new ConsoleGuard();
      guard.watch(context);
      await use(guard);
      const unexpected = guard.unexpected();
      expect(unexpected, `the browser reported errors:\n${unexpected.join("\n")}`).toEqual([]);
    },
    { auto: true },
  ],
  newContext: async ({ browser, consoleGuard }, use, testInfo) => {
    const contexts: BrowserContext[] = [];
    await use(async (options = {}) => {
      const context = await newWatchedContext(browser, consoleGuard, testInfo, options);
      contexts.push(context);
      return context;
    });
    for (const context of contexts) await context.close();
  },
});

async function newWatchedContext(
  browser: Browser,
  guard: ConsoleGuard,
  testInfo: TestInfo,
  options: BrowserContextOptions,
): Promise<BrowserContext> {
  const use = testInfo.project.use;
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: use.locale,
    timezoneId: use.timezoneId,
    viewport: use.viewport,
    userAgent: use.userAgent,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    deviceScaleFactor: use.deviceScaleFactor,
    ...options,
  });
  guard.watch(context);
  return context;
}

// ---------------------------------------------------------------------------------------------
// Email

const consumed = new Set<string>();

/**
 * Waits for the next message to `to` whose subject matches, and returns it. Each message is
 * returned once per test process, so a second call finds the next such message.
 */
export async function waitForEmail(
  to: string,
  subject: RegExp | string,
  { timeout = 15_000 }: { timeout?: number } = {},
): Promise<ReceivedEmail> {
  const address = to.toLowerCase();
  const matches = (email: ReceivedEmail) =>
    email.to.includes(address) &&
    (typeof subject === "string" ? email.subject === subject : subject.test(email.subject));
  const deadline = Date.now() + timeout;
  for (;;) {
    const names = (await fs.readdir(MAIL_DIR)).filter((name) => name.endsWith(".json")).sort();
    for (const name of names) {
      if (consumed.has(name)) continue;
      const email = JSON.parse(await fs.readFile(path.join(MAIL_DIR, name), "utf8")) as ReceivedEmail;
      if (matches(email)) {
        consumed.add(name);
        return email;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`No email to ${to} with subject ${String(subject)} arrived within ${timeout} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The whole link in `text` to `pathname` on this site, e.g. linkFrom(text, "/verify-email"). */
export function linkFrom(text: string, pathname: string): string {
  const escaped = pathname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`https?://[^\\s/]+${escaped}(?:[?#][^\\s]*)?`).exec(text);
  if (!match) throw new Error(`No link to ${pathname} in this email:\n${text}`);
  return match[0];
}

// ---------------------------------------------------------------------------------------------
// Accounts

export interface Account {
  name: string;
  email: string;
  password: string;
}

function randomTag(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

export function uniqueEmail(label = "person"): string {
  return `${label}-${randomTag()}@example.test`;
}

/** Long, and not in any list of common passwords. */
export function strongPassword(): string {
  return `Lantern meadow ${randomBytes(4).toString("hex")} kettle`;
}

export function newAccount(label = "person", name = "Priya Shah"): Account {
  return { name, email: uniqueEmail(label), password: strongPassword() };
}

export async function fillSignUpForm(page: Page, account: Account): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Full name").fill(account.name);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Confirms the address by the link in the next confirmation email to it; returns the link. */
export async function verifyByEmailedLink(page: Page, email: string): Promise<string> {
  const message = await waitForEmail(email, "Confirm your email address");
  const link = linkFrom(message.text, "/verify-email");
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm email address" }).click();
  await expect(page).toHaveURL(/\/login\?verified=1$/);
  await expect(page.getByText("Your email address is confirmed. You can now sign in.")).toBeVisible();
  return link;
}

/** Signs up through the form and confirms the address through the emailed link. */
export async function signUpAndVerify(page: Page, account: Account = newAccount()): Promise<Account> {
  await fillSignUpForm(page, account);
  await expect(page).toHaveURL(/\/check-email$/);
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await verifyByEmailedLink(page, account.email);
  return account;
}

export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  if (!new URL(page.url(), BASE_URL).pathname.startsWith("/login")) await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export function accountNav(page: Page) {
  return page.getByRole("navigation", { name: "Account" });
}

/** Signs in through the form and waits until the header shows the person's name. */
export async function signIn(page: Page, account: Pick<Account, "email" | "password" | "name">): Promise<void> {
  await submitSignIn(page, account.email, account.password);
  await expect(accountNav(page).getByRole("link", { name: account.name })).toBeVisible();
  await expect(accountNav(page).getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await accountNav(page).getByRole("button", { name: "Sign out" }).click();
  await expect(accountNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();
}

/** An account created and confirmed over HTTP, without a browser: for tests about other things. */
export async function createVerifiedAccount(
  request: APIRequestContext,
  account: Account = newAccount(),
): Promise<Account> {
  const signUp = await request.post("/signup", { form: { ...account }, maxRedirects: 0 });
  expect(signUp.status(), await signUp.text()).toBe(302);
  const message = await waitForEmail(account.email, "Confirm your email address");
  const token = new URL(linkFrom(message.text, "/verify-email")).searchParams.get("token") ?? "";
  const verify = await request.post("/verify-email", { form: { token }, maxRedirects: 0 });
  expect(verify.status()).toBe(302);
  expect(verify.headers().location).toBe("/login?verified=1");
  return account;
}

/** Signs in over HTTP and returns the session cookie's `name=value`. */
export async function signInOverHttp(request: APIRequestContext, account: Pick<Account, "email" | "password">) {
  const response = await request.post("/login", {
    form: { email: account.email, password: account.password },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const setCookie = response.headersArray().find((header) => header.name.toLowerCase() === "set-cookie")?.value ?? "";
  const pair = setCookie.split(";")[0] ?? "";
  expect(pair).toMatch(/^session=[a-z2-7]{24}\.[a-z2-7]{24}$/);
  return { cookie: pair, setCookie };
}

// ---------------------------------------------------------------------------------------------
// The administrator made by first-run.setup.ts

export function adminAccount(): Account {
  if (!existsSync(ADMIN_CREDENTIALS)) {
    throw new Error(`${ADMIN_CREDENTIALS} is missing: the first-run project must run first`);
  }
  return JSON.parse(readFileSync(ADMIN_CREDENTIALS, "utf8")) as Account;
}

// ---------------------------------------------------------------------------------------------
// Accessibility and screenshots

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** What axe finds on the page as it is now, one readable line (and its details) per problem. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? "unknown impact"}): ${violation.help}\n` +
        `    element: ${node.target.join(" ")}\n` +
        `    html: ${node.html.slice(0, 200)}\n` +
        `    ${node.failureSummary?.replace(/\n/g, "\n    ") ?? ""}\n` +
        `    see ${violation.helpUrl}`,
    ),
  );
}

/** Runs axe on the page as it is now and fails, listing each problem readably, on any violation. */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  const readable = await axeViolations(page);
  expect(readable, `axe found ${readable.length} problem(s) on ${label}:\n${readable.join("\n")}`).toEqual([]);
}

/**
 * WCAG 1.4.10 (reflow): at phone width nothing makes the whole page scroll sideways. Measured
 * against the screen's width, not window.innerWidth: a phone (isMobile) zooms out to fit a page
 * that is too wide, and innerWidth then grows with it.
 */
export async function expectNoSidewaysScroll(page: Page, label = page.url()): Promise<void> {
  const screenWidth = page.viewportSize()!.width;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${label} is ${scrollWidth}px wide on a ${screenWidth}px screen`).toBeLessThanOrEqual(
    screenWidth,
  );
}

/** A phone in portrait, for a browser context of someone on the move: `newContext({ ...PHONE })`. */
export const PHONE = {
  viewport: { width: 375, height: 812 },
  isMobile: true,
  hasTouch: true,
} as const satisfies BrowserContextOptions;

/**
 * A small phone held upright, 360 by 740 CSS pixels, as judges and support staff carry: touch,
 * and zoomed out by the browser if a page were too wide (which expectNoSidewaysScroll catches).
 */
export const SMALL_PHONE = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
} as const satisfies BrowserContextOptions;

export function screenshotPath(testInfo: TestInfo, name: string): string {
  return path.join(testInfo.project.outputDir, "screenshots", `${name.replace(/[^a-zA-Z0-9._-]+/g, "-")}.png`);
}

/** A full-page PNG in test-results/screenshots/<name>.png, also attached to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const file = screenshotPath(testInfo, name);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  return file;
}

/**
 * The check every spec makes of each page it shows: axe finds nothing (on a copy that runs
 * JavaScript when the page was opened without it: see expectNoAxeViolationsWithoutJavaScript),
 * nothing scrolls sideways when the screen is phone-sized, and a full-page screenshot.
 */
export async function checkPage(
  page: Page,
  testInfo: TestInfo,
  name: string,
  { withoutJavaScript = false }: { withoutJavaScript?: boolean } = {},
): Promise<void> {
  if (withoutJavaScript) await expectNoAxeViolationsWithoutJavaScript(page, name, SMALL_PHONE);
  else await expectNoAxeViolations(page, name);
  if (page.viewportSize()!.width <= 400) await expectNoSidewaysScroll(page, name);
  await screenshot(page, testInfo, name);
}

// ---------------------------------------------------------------------------------------------
// Reading pages

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The paragraphs of the inset texts, where the app confirms what was just done. */
export function inset(page: Page): Locator {
  return page.locator(".nhsuk-inset-text > p");
}

/** The value of the summary-list row whose key is exactly `key`. */
export function summaryValue(page: Page, key: string): Locator {
  return page
    .locator(".nhsuk-summary-list__row")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${escapeRegExp(key)}$`) }) })
    .locator("dd");
}

/** The row of a (responsive) table, by its caption, that mentions `text`. */
export function tableRow(page: Page, caption: string, text: string): Locator {
  return page.getByRole("table", { name: caption }).getByRole("row").filter({ hasText: text });
}

/** A card (on the team board, the team page ...) by its heading. */
export function card(page: Page, heading: string): Locator {
  return page.locator(".nhsuk-card").filter({ has: page.getByRole("heading", { name: heading, exact: true }) });
}

/** One of the call's task-list links on the organisers' overview, such as "Timeline". */
export function task(page: Page, name: string): Locator {
  return page.locator(".nhsuk-task-list").getByRole("link", { name, exact: true });
}

/** A cell's own text, without the column heading that the responsive table repeats on a phone. */
export function cell(row: Locator, index: number): Locator {
  return row.getByRole("cell").nth(index).locator(":scope > span:last-child");
}

// ---------------------------------------------------------------------------------------------
// The keyboard alone: no clicks, no taps, no fill()

/** Whether `target` has the keyboard's focus. */
function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, as someone moving through a page with
 * the keyboard does; fails if it is not reached within `presses`, which a keyboard trap or an
 * element that cannot take the focus would cause.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  { backwards = false, presses = 120 }: { backwards?: boolean; presses?: number } = {},
): Promise<void> {
  for (let pressed = 0; pressed < presses; pressed++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  expect(await hasFocus(target), `the keyboard never reached ${String(target)}`).toBe(true);
}

/** Types into a text field reached with Tab. */
export async function typeWithKeyboard(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/**
 * Chooses a radio in a group with the keyboard: Tab into the group (which lands on its chosen
 * radio, or its first), Space to choose the radio with the focus, then the arrow keys, which move
 * and choose at once, until `choice` is chosen.
 */
export async function chooseWithKeyboard(page: Page, group: Locator, choice: Locator): Promise<void> {
  const radios = group.getByRole("radio");
  const chosen = group.getByRole("radio", { checked: true });
  const entry = (await chosen.count()) > 0 ? chosen.first() : radios.first();
  await tabTo(page, entry);
  if (await choice.isChecked()) return;
  if (!(await entry.isChecked())) await page.keyboard.press("Space");
  const count = await radios.count();
  for (let pressed = 0; pressed < count && !(await choice.isChecked()); pressed++) {
    await page.keyboard.press("ArrowDown");
  }
  await expect(choice).toBeChecked();
}

/** Ticks or clears a checkbox reached with Tab, by pressing Space. */
export async function tickWithKeyboard(page: Page, checkbox: Locator, checked = true): Promise<void> {
  await tabTo(page, checkbox);
  if ((await checkbox.isChecked()) !== checked) await page.keyboard.press("Space");
  await expect(checkbox).toBeChecked({ checked });
}

/** Presses a button reached with Tab, by pressing Enter. */
export async function pressWithKeyboard(page: Page, button: Locator): Promise<void> {
  await tabTo(page, button);
  await page.keyboard.press("Enter");
}

// ---------------------------------------------------------------------------------------------
// Forms

export function errorSummary(page: Page): Locator {
  return page.locator(".nhsuk-error-summary");
}

/** The error summary shows exactly these messages, has the focus, and the title says "Error: ". */
export async function expectErrorSummary(page: Page, messages: (string | RegExp)[]): Promise<void> {
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(summary.getByRole("listitem")).toHaveText(messages);
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: /);
}

/** Clicks a download link and returns the file's suggested name and its text. */
export async function downloadText(page: Page, link: Locator): Promise<{ filename: string; text: string }> {
  const downloading = page.waitForEvent("download");
  await link.click();
  const download = await downloading;
  return { filename: download.suggestedFilename(), text: await fs.readFile(await download.path(), "utf8") };
}

// ---------------------------------------------------------------------------------------------
// Communities and calls for entry, made over HTTP for tests about something else (the journey in
// calls.spec.ts goes through the real forms). `request` is a signed-in page's `page.request`,
// which shares the page's cookies: the administrator's for communities.

/** A unique address name for a community or event, like `leeds-kz3x1a9f2c`. */
export function uniqueSlug(label: string): string {
  return `${label}-${randomTag()}`;
}

/**
 * A form post that the app must answer with a redirect; returns where it redirects to. A list of
 * values posts the field once for each, as a group of checkboxes does.
 */
export async function postForm(
  request: APIRequestContext,
  url: string,
  form: Record<string, string | readonly string[]>,
): Promise<string> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const one of typeof value === "string" ? [value] : value) body.append(name, one);
  }
  const response = await request.post(url, {
    data: body.toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    maxRedirects: 0,
  });
  expect(response.status(), `POST ${url} was not accepted:\n${(await response.text()).slice(0, 2000)}`).toBe(302);
  return response.headers().location ?? "";
}

export interface TestCommunity {
  name: string;
  slug: string;
}

/** Creates a community as the administrator. */
export async function createCommunityOverHttp(
  request: APIRequestContext,
  label = "community",
  kind = "place_based_hub",
): Promise<TestCommunity> {
  const slug = uniqueSlug(label);
  const name = `Community ${slug}`;
  const location = await postForm(request, "/admin/communities/new", {
    name,
    slug,
    kind,
    description: "Brings clinicians, developers and patients together.",
    website: "",
  });
  expect(location).toBe(`/admin/communities/${slug}`);
  return { name, slug };
}

/** The community's id, as the radio for it on /organise/new carries it. */
async function communityIdFor(request: APIRequestContext, communityName: string): Promise<string> {
  const html = await (await request.get("/organise/new")).text();
  const escaped = communityName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const labelFor = new RegExp(`<label[^>]*for="([^"]+)"[^>]*>${escaped}</label>`).exec(html)?.[1];
  expect(labelFor, `no radio for ${communityName} on /organise/new`).toBeTruthy();
  const value = new RegExp(`<input[^>]*id="${labelFor}"[^>]*value="([0-9a-f-]{36})"`).exec(html)?.[1];
  expect(value, `no id for ${communityName} on /organise/new`).toBeTruthy();
  return value!;
}

export interface TestCall {
  slug: string;
  title: string;
  community: TestCommunity;
}

/** A draft event with nothing filled in but its community, kind and title. */
export async function createDraftOverHttp(
  request: APIRequestContext,
  community: TestCommunity,
  { label = "call", kind = "hackday" }: { label?: string; kind?: "hackday" | "challenge" } = {},
): Promise<TestCall> {
  const slug = uniqueSlug(label);
  const title = `Hack day ${slug}`;
  const communityId = await communityIdFor(request, community.name);
  const location = await postForm(request, "/organise/new", { communityId, kind, title, slug });
  expect(location).toBe(`/events/${slug}/manage`);
  return { slug, title, community };
}

/** The date in Europe/London `days` days from now, as a date input takes it ("2027-03-28"). */
export function londonDate(days: number, from: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(from.getTime() + days * 86_400_000));
}

/** The timeline's steps in order, as the timeline form names them. */
export const TIMELINE_KEYS = [
  "registrationOpensAt",
  "registrationClosesAt",
  "submissionsOpenAt",
  "submissionDeadlineAt",
  "judgingOpensAt",
  "judgingClosesAt",
  "resultsPublishedAt",
] as const;

/** Registration opened yesterday and closes in 30 days; the rest follows a few days later. */
export function openCallTimeline(): Record<(typeof TIMELINE_KEYS)[number], { date: string; time: string }> {
  return {
    registrationOpensAt: { date: londonDate(-1), time: "09:00" },
    registrationClosesAt: { date: londonDate(30), time: "17:00" },
    submissionsOpenAt: { date: londonDate(31), time: "09:00" },
    submissionDeadlineAt: { date: londonDate(32), time: "14:00" },
    judgingOpensAt: { date: londonDate(32), time: "15:00" },
    judgingClosesAt: { date: londonDate(32), time: "16:00" },
    resultsPublishedAt: { date: londonDate(32), time: "17:00" },
  };
}

/** Team sizes and places: 2 to 6 people in a team and 120 places unless a test needs others. */
export interface EntryRules {
  teamSizeMin?: number;
  teamSizeMax?: number;
  capacity?: number;
}

/** The yes or no questions every call made here asks; entrants answer question1, question2 ... */
export const ELIGIBILITY_QUESTIONS = ["I work for or with an NHS organisation", "I am 18 or over"] as const;

/**
 * Fills every section of a draft's call over HTTP, so it can be published: details and venue,
 * a timeline with registration open now, eligibility, two themes and a prize of £1,000.
 */
export async function completeCallOverHttp(
  request: APIRequestContext,
  call: TestCall,
  { teamSizeMin = 2, teamSizeMax = 6, capacity = 120 }: EntryRules = {},
): Promise<void> {
  const manage = `/events/${call.slug}/manage`;
  await postForm(request, `${manage}/details`, {
    kind: "hackday",
    title: call.title,
    slug: call.slug,
    summary: "A weekend of building tools for respiratory clinics.",
    description: "## Why\n\nClinicians and developers work on **real problems** together.",
    venueName: "Leeds Dock",
    venueAddress: "1 Dock Street, Leeds LS10 1JF",
    timeZone: "Europe/London",
    rules: "- Be kind\n- Share your code",
  });
  const timeline: Record<string, string> = { gracePeriodMinutes: "15" };
  for (const [key, { date, time }] of Object.entries(openCallTimeline())) {
    timeline[`${key}Date`] = date;
    timeline[`${key}Time`] = time;
  }
  await postForm(request, `${manage}/timeline`, timeline);
  await postForm(request, `${manage}/entry`, {
    teamSizeMin: String(teamSizeMin),
    teamSizeMax: String(teamSizeMax),
    capacity: String(capacity),
    eligibilityStatement: "Clinicians, developers, designers and patients who live or work in West Yorkshire.",
    questions: ELIGIBILITY_QUESTIONS.join("\n"),
    requiresOsiLicence: "yes",
    requiresDataAttestation: "yes",
  });
  for (const theme of [
    { title: "Fewer missed appointments", proposedBy: "A respiratory nurse" },
    { title: "Safer handovers", proposedBy: "" },
  ]) {
    await postForm(request, `${manage}/themes`, {
      intent: "add",
      title: theme.title,
      description: "The problem, who has it and why it matters.",
      proposedBy: theme.proposedBy,
    });
  }
  await postForm(request, `${manage}/prizes`, {
    intent: "add",
    name: "Overall winner",
    description: "For the entry the judges rate best.",
    place1: "750",
    place2: "250",
    themeId: "",
    sponsor: "Leeds Teaching Hospitals",
    supportMonths: "12",
  });
}

export async function publishOverHttp(request: APIRequestContext, call: TestCall): Promise<void> {
  const location = await postForm(request, `/events/${call.slug}/manage`, { intent: "publish" });
  expect(location).toBe(`/events/${call.slug}/manage?done=published`);
}

/** A community of its own with a published call in it, open for registration now. */
export async function createPublishedCallOverHttp(
  request: APIRequestContext,
  label = "call",
  entry: EntryRules = {},
): Promise<TestCall> {
  const community = await createCommunityOverHttp(request, `${label}-hub`);
  const call = await createDraftOverHttp(request, community, { label });
  await completeCallOverHttp(request, call, entry);
  await publishOverHttp(request, call);
  return call;
}

/**
 * The next night the clocks change in the UK (the last Sunday of March or of October) at least
 * `minDaysAhead` days from now, as the date input takes it and as the app writes it.
 */
export function nextUkClockChange(
  month: "March" | "October",
  minDaysAhead = 0,
): { date: string; long: string; year: number; day: number } {
  const monthIndex = month === "March" ? 2 : 9;
  const now = Date.now();
  for (let year = new Date(now).getUTCFullYear(); ; year++) {
    const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
    lastDay.setUTCDate(lastDay.getUTCDate() - lastDay.getUTCDay());
    if (lastDay.getTime() - now >= minDaysAhead * 86_400_000) {
      const day = lastDay.getUTCDate();
      return { date: lastDay.toISOString().slice(0, 10), long: `${day} ${month} ${year}`, year, day };
    }
  }
}

/** A request context signed in as the administrator, for making what a signed-out test looks at. */
export async function withAdminRequest<T>(use: (request: APIRequestContext) => Promise<T>): Promise<T> {
  return withSignedInRequest(ADMIN_STORAGE_STATE, use);
}

/** A request context with the signed-in state saved in `storageState`, disposed of after `use`. */
export async function withSignedInRequest<T>(
  storageState: string,
  use: (request: APIRequestContext) => Promise<T>,
): Promise<T> {
  const context = await playwrightRequest.newContext({ baseURL: BASE_URL, storageState });
  try {
    return await use(context);
  } finally {
    await context.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Participants: six accounts made once per run by first-run.setup.ts, each with its signed-in
// state saved, so that the tests of registration and teams cost no sign-ups or sign-ins of their
// own (sign-ups are limited to 60 in 10 minutes from one address). Each test registers them for
// an event of its own, so tests running at the same time never meet.

/** What the registration form takes; professionalRole is a value such as "nurse_or_midwife". */
export interface RegistrationForm {
  professionalRole: string;
  organisation?: string;
  skills?: string;
  bio?: string;
  accessNeeds?: string;
  showProfile?: boolean;
  lookingForTeam?: boolean;
}

export const PARTICIPANT_PEOPLE = {
  captain: {
    name: "Cara Okafor",
    profile: {
      professionalRole: "designer",
      organisation: "Leeds Beckett University",
      skills: "Service design, user research",
      bio: "I design services with the people who use them.",
    },
  },
  nurse: {
    name: "Nia Adeyemi",
    profile: {
      professionalRole: "nurse_or_midwife",
      organisation: "Bradford Teaching Hospitals NHS Foundation Trust",
      skills: "Respiratory nursing, COPD, spirometry",
      bio: "Respiratory nurse. I want fewer of my patients to miss their clinic appointments.",
    },
  },
  developer: {
    name: "Dev Sharma",
    profile: {
      professionalRole: "developer",
      organisation: "Leeds City Council",
      skills: "TypeScript, FHIR, Python",
      bio: "Full-stack developer who has built appointment systems.",
    },
  },
  doctor: {
    name: "Sam Whitfield",
    profile: {
      professionalRole: "doctor",
      organisation: "Leeds Teaching Hospitals NHS Trust",
      skills: "General practice, clinical safety",
      bio: "GP with an interest in clinical safety.",
    },
  },
  patient: {
    name: "Pat Lewis",
    profile: { professionalRole: "patient_or_carer", organisation: "", skills: "Living with asthma", bio: "" },
  },
  analyst: {
    name: "Alex Chen",
    profile: {
      professionalRole: "data_analyst",
      organisation: "NHS West Yorkshire ICB",
      skills: "SQL, R, dashboards",
      bio: "",
    },
  },
} as const satisfies Record<string, { name: string; profile: RegistrationForm }>;

export type ParticipantKey = keyof typeof PARTICIPANT_PEOPLE;

/** Signs each participant up, confirms the address, signs in and saves the signed-in state. */
export async function createParticipants(request: APIRequestContext): Promise<void> {
  const accounts: Partial<Record<ParticipantKey, Account>> = {};
  for (const [key, person] of Object.entries(PARTICIPANT_PEOPLE) as [ParticipantKey, { name: string }][]) {
    const account = await createVerifiedAccount(request, newAccount(`participant-${key}`, person.name));
    const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
    try {
      await signInOverHttp(context, account);
      await context.storageState({ path: participantStorageStatePath(key) });
    } finally {
      await context.dispose();
    }
    accounts[key] = account;
  }
  await fs.writeFile(PARTICIPANTS, JSON.stringify(accounts, null, 2));
}

export function participant(key: ParticipantKey): Account {
  if (!existsSync(PARTICIPANTS)) throw new Error(`${PARTICIPANTS} is missing: the first-run project must run first`);
  const account = (JSON.parse(readFileSync(PARTICIPANTS, "utf8")) as Partial<Record<ParticipantKey, Account>>)[key];
  if (!account) throw new Error(`no participant ${key} in ${PARTICIPANTS}`);
  return account;
}

/** The saved signed-in state of a participant, for `newContext({ storageState })`. */
export function participantStorageState(key: ParticipantKey): string {
  participant(key);
  return participantStorageStatePath(key);
}

/** Signs a browser context in as a participant, by their saved session cookie. */
export async function signInAsParticipant(context: BrowserContext, key: ParticipantKey): Promise<void> {
  const state = JSON.parse(readFileSync(participantStorageState(key), "utf8")) as {
    cookies: Parameters<BrowserContext["addCookies"]>[0];
  };
  await context.addCookies(state.cookies);
}

export function withParticipantRequest<T>(
  key: ParticipantKey,
  use: (request: APIRequestContext) => Promise<T>,
): Promise<T> {
  return withSignedInRequest(participantStorageState(key), use);
}

/**
 * Registers the signed-in person through the form's post, answering yes to every question;
 * returns "registered" or "waitlisted".
 */
export async function registerOverHttp(
  request: APIRequestContext,
  call: TestCall,
  profile: RegistrationForm,
): Promise<"registered" | "waitlisted"> {
  const form: Record<string, string> = {
    intent: "save",
    professionalRole: profile.professionalRole,
    organisation: profile.organisation ?? "",
    skills: profile.skills ?? "",
    bio: profile.bio ?? "",
    accessNeeds: profile.accessNeeds ?? "",
  };
  if (profile.showProfile ?? true) form.showProfile = "yes";
  if (profile.lookingForTeam ?? true) form.lookingForTeam = "yes";
  ELIGIBILITY_QUESTIONS.forEach((_, index) => (form[`question${index + 1}`] = "yes"));
  const location = await postForm(request, `/events/${call.slug}/register`, form);
  const done = /\?done=(registered|waitlisted)$/.exec(location)?.[1];
  expect(done, `registering went to ${location}`).toBeTruthy();
  return done as "registered" | "waitlisted";
}

/**
 * Fills the registration form as a person does, by pointer, answering yes to every eligibility
 * question; `roleLabel` is the role's radio label, such as "Nurse or midwife". Does not send it.
 */
export async function fillRegistrationForm(page: Page, form: RegistrationForm & { roleLabel: string }): Promise<void> {
  await page.getByRole("group", { name: "Your professional role" }).getByLabel(form.roleLabel, { exact: true }).check();
  await page.getByLabel("Organisation (optional)").fill(form.organisation ?? "");
  await page.getByLabel("Skills (optional)").fill(form.skills ?? "");
  await page.getByLabel("Short bio (optional)").fill(form.bio ?? "");
  for (const question of ELIGIBILITY_QUESTIONS) {
    await page.getByRole("group", { name: question }).getByLabel("Yes").check();
  }
  await page.getByLabel("Access or dietary needs (optional)").fill(form.accessNeeds ?? "");
  await page.getByLabel("Show my profile to other participants").setChecked(form.showProfile ?? true);
  await page.getByLabel("I am looking for a team").setChecked(form.lookingForTeam ?? true);
}

/** Registers a participant with their usual profile (shown, looking for a team) and any changes. */
export function registerParticipant(
  call: TestCall,
  key: ParticipantKey,
  changes: Partial<RegistrationForm> = {},
): Promise<"registered" | "waitlisted"> {
  return withParticipantRequest(key, (request) =>
    registerOverHttp(request, call, { ...PARTICIPANT_PEOPLE[key].profile, ...changes }),
  );
}

export interface TeamForm {
  name: string;
  pitch?: string;
  /** Role values, such as "nurse_or_midwife". */
  rolesWanted?: readonly string[];
}

/** A team name unique in the run, short enough to read: "Breathe Easy 3f9a". */
export function uniqueTeamName(label: string): string {
  return `${label} ${randomBytes(2).toString("hex")}`;
}

/** Creates a team with the signed-in person as its captain. */
export async function createTeamOverHttp(request: APIRequestContext, call: TestCall, team: TeamForm): Promise<void> {
  const location = await postForm(request, `/events/${call.slug}/team`, {
    intent: "create",
    name: team.name,
    themeId: "",
    pitch: team.pitch ?? "",
    rolesWanted: team.rolesWanted ?? [],
  });
  expect(location).toBe(`/events/${call.slug}/team?done=create`);
}

/** The invite link of the signed-in person's team as its page shows it: /events/<slug>/join/<code>. */
export async function inviteLinkOverHttp(request: APIRequestContext, call: TestCall): Promise<string> {
  const html = await (await request.get(`/events/${call.slug}/team`)).text();
  const link = new RegExp(`value="https?://[^/"]+(/events/${call.slug}/join/[a-z0-9]+)"`).exec(html)?.[1];
  expect(link, `no invite link on the team page of ${call.slug}`).toBeTruthy();
  return link!;
}

/** Joins a team by its invite link, as pressing the link page's Join button does. */
export async function joinByLinkOverHttp(request: APIRequestContext, link: string): Promise<void> {
  const location = await postForm(request, link, {});
  expect(location).toMatch(/\/team\?done=joined$/);
}

/** Asks to join a team the signed-in person finds on the board, as its "Ask to join" form does. */
export async function askToJoinOverHttp(
  request: APIRequestContext,
  call: TestCall,
  teamName: string,
  message = "",
): Promise<void> {
  const board = `/events/${call.slug}/teams`;
  const html = await (await request.get(board)).text();
  const escaped = teamName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const teamId = new RegExp(`>${escaped}</h3>[\\s\\S]*?\\?ask=([0-9a-f-]{36})`).exec(html)?.[1];
  expect(teamId, `no "Ask to join" for ${teamName} on ${board}`).toBeTruthy();
  const location = await postForm(request, board, { intent: "ask-to-join", teamId: teamId!, message });
  expect(location).toBe(`${board}?done=ask-to-join`);
}

/** The signed-in captain invites a person they find on the board, as "Invite to your team" does. */
export async function inviteOverHttp(request: APIRequestContext, call: TestCall, personName: string): Promise<void> {
  const board = `/events/${call.slug}/teams`;
  const html = await (await request.get(board)).text();
  const escaped = personName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const userId = new RegExp(`>${escaped}</h3>[\\s\\S]*?name="userId" value="([0-9a-f-]{36})"`).exec(html)?.[1];
  expect(userId, `no "Invite to your team" for ${personName} on ${board}`).toBeTruthy();
  const location = await postForm(request, board, { intent: "invite", userId: userId! });
  expect(location).toBe(`${board}?done=invite`);
}

// ---------------------------------------------------------------------------------------------
// Entries and their code repositories. serve.ts runs a git server on loopback (the app may
// check repositories there because it runs with REPOSITORY_ALLOW_PRIVATE_HOSTS=true) and a
// control endpoint beside it, whose addresses it writes to git-server.json in the state folder.

interface GitServerState {
  /** Where repositories are served: `${baseUrl}/<name>.git`. */
  baseUrl: string;
  /** Where the specs ask for repositories and commits (see startGitControl in serve.ts). */
  controlUrl: string;
}

export function gitServerState(): GitServerState {
  const file = path.join(STATE_DIR, "git-server.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: tests/e2e/serve.ts writes it when it starts`);
  return JSON.parse(readFileSync(file, "utf8")) as GitServerState;
}

async function gitControl<T>(pathname: string, body: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${gitServerState().controlUrl}${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`the git server's control said ${response.status}: ${answer.error ?? ""}`);
  return answer;
}

export interface TestRepository {
  /** Its name on the git server, for pushCommitForTest. */
  name: string;
  /** Its address, as a team types it: http://127.0.0.1:PORT/<name>.git */
  url: string;
  /** The full hash of its branch's head. */
  headCommit: string;
}

/** A repository unique in the run, on the git server, with `commits` commits on `branch` (main). */
export async function createRepositoryForTest(
  label = "project",
  { commits = 1, branch = "main" }: { commits?: number; branch?: string } = {},
): Promise<TestRepository> {
  const name = uniqueSlug(label);
  const created = await gitControl<{ url: string; headCommit: string }>("/repositories", { name, commits, branch });
  return { name, ...created };
}

/** Pushes one more commit to the repository's branch; returns the new head's full hash. */
export async function pushCommitForTest(repository: Pick<TestRepository, "name">, message?: string): Promise<string> {
  const { headCommit } = await gitControl<{ headCommit: string }>(
    `/repositories/${encodeURIComponent(repository.name)}/commits`,
    message ? { message } : {},
  );
  return headCommit;
}

/** The address of a repository the git server does not have (it answers 404 for it). */
export function missingRepositoryUrl(label = "missing"): string {
  return `${gitServerState().baseUrl}/${uniqueSlug(label)}.git`;
}

export type TimelineStepTimes = Record<(typeof TIMELINE_KEYS)[number], { date: string; time: string }>;

/** Each step of the timeline as the organisers' timeline form labels it. */
export const TIMELINE_LABELS: Record<(typeof TIMELINE_KEYS)[number], string> = {
  registrationOpensAt: "Registration opens",
  registrationClosesAt: "Registration closes",
  submissionsOpenAt: "Submissions open",
  submissionDeadlineAt: "Submission deadline",
  judgingOpensAt: "Judging opens",
  judgingClosesAt: "Judging closes",
  resultsPublishedAt: "Results published",
};

/**
 * Fills in the organisers' timeline form on `page`, and the reason for moving the deadline when
 * one is given (the form asks for it once the call is published); does not save it.
 */
export async function fillTimelineForm(
  page: Page,
  timeline: TimelineStepTimes,
  { gracePeriodMinutes = 15, reason }: { gracePeriodMinutes?: number; reason?: string } = {},
): Promise<void> {
  for (const key of TIMELINE_KEYS) {
    const group = page.getByRole("group", { name: TIMELINE_LABELS[key], exact: true });
    await group.getByLabel("Date").fill(timeline[key].date);
    await group.getByLabel("Time (24-hour)").fill(timeline[key].time);
  }
  await page.getByLabel("Grace period in minutes").fill(String(gracePeriodMinutes));
  if (reason !== undefined) await page.getByLabel("If you move the submission deadline, why?").fill(reason);
}

/**
 * Saves a published call's whole timeline as the organisers' timeline form does. A moved
 * submission deadline needs a reason, which every entrant is emailed.
 */
export async function setTimelineOverHttp(
  request: APIRequestContext,
  call: TestCall,
  timeline: TimelineStepTimes,
  { gracePeriodMinutes = 15, reason = "" }: { gracePeriodMinutes?: number; reason?: string } = {},
): Promise<void> {
  const form: Record<string, string> = { gracePeriodMinutes: String(gracePeriodMinutes), reason };
  for (const [key, { date, time }] of Object.entries(timeline)) {
    form[`${key}Date`] = date;
    form[`${key}Time`] = time;
  }
  const location = await postForm(request, `/events/${call.slug}/manage/timeline`, form);
  expect(location).toBe(`/events/${call.slug}/manage?done=saved`);
}

/**
 * The timeline of openCallTimeline with submissions open since yesterday, while registration
 * (and so team formation) stays open: the deadline is still 32 days away.
 */
export function submissionsOpenTimeline(): TimelineStepTimes {
  return { ...openCallTimeline(), submissionsOpenAt: { date: londonDate(-1), time: "09:00" } };
}

/**
 * A timeline whose submission deadline passed yesterday: registration and submissions opened
 * two days ago, judging opens in a week. Saving it over a published call moves the deadline.
 */
export function deadlinePassedTimeline(): TimelineStepTimes {
  return {
    registrationOpensAt: { date: londonDate(-2), time: "09:00" },
    registrationClosesAt: { date: londonDate(-1), time: "10:00" },
    submissionsOpenAt: { date: londonDate(-2), time: "09:00" },
    submissionDeadlineAt: { date: londonDate(-1), time: "12:00" },
    judgingOpensAt: { date: londonDate(7), time: "09:00" },
    judgingClosesAt: { date: londonDate(8), time: "17:00" },
    resultsPublishedAt: { date: londonDate(9), time: "17:00" },
  };
}

/** Registers each participant and puts them all in one new team, the first as its captain. */
export async function teamOverHttp(
  call: TestCall,
  teamName: string,
  [captain, ...others]: readonly [ParticipantKey, ...ParticipantKey[]],
): Promise<void> {
  for (const key of [captain, ...others]) {
    expect(await registerParticipant(call, key)).toBe("registered");
  }
  const link = await withParticipantRequest(captain, async (request) => {
    await createTeamOverHttp(request, call, { name: teamName });
    return inviteLinkOverHttp(request, call);
  });
  for (const key of others) await withParticipantRequest(key, (request) => joinByLinkOverHttp(request, link));
}

/** What the entry form takes; contributions by the member's name, as the form labels them. */
export interface EntryForm {
  title?: string;
  summary?: string;
  description?: string;
  /** A theme's title, such as "Fewer missed appointments". */
  theme?: string;
  repositoryUrl?: string;
  demoUrl?: string;
  videoUrl?: string;
  /** An SPDX identifier, such as "MIT". */
  licence?: string;
  technologies?: string;
  contributions?: Record<string, string>;
  dataAttestation?: boolean;
}

function htmlText(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Saves (intent "save") or submits (intent "submit") the signed-in member's team entry through
 * the form's post, with the version the page shows; returns where the app redirects to, which is
 * /events/<slug>/submission?done=draft or ?done=submitted.
 */
export async function saveEntryOverHttp(
  request: APIRequestContext,
  call: TestCall,
  entry: EntryForm,
  intent: "save" | "submit" = "submit",
): Promise<string> {
  const page = `/events/${call.slug}/submission`;
  const html = await (await request.get(page)).text();
  const version = /name="version" value="(\d+)"/.exec(html)?.[1];
  expect(version, `no entry form on ${page}`).toBeTruthy();
  const form: Record<string, string> = {
    intent,
    version: version!,
    title: entry.title ?? "",
    summary: entry.summary ?? "",
    description: entry.description ?? "",
    themeId: "",
    repositoryUrl: entry.repositoryUrl ?? "",
    demoUrl: entry.demoUrl ?? "",
    videoUrl: entry.videoUrl ?? "",
    licence: entry.licence ?? "",
    technologies: entry.technologies ?? "",
  };
  if (entry.theme) {
    const escaped = entry.theme.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const themeId = new RegExp(`<option value="([0-9a-f-]{36})"[^>]*>${escaped}</option>`).exec(html)?.[1];
    expect(themeId, `no theme ${entry.theme} on ${page}`).toBeTruthy();
    form.themeId = themeId!;
  }
  for (const [name, text] of Object.entries(entry.contributions ?? {})) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const field = new RegExp(`<label class="nhsuk-label" for="(contribution-[0-9a-f-]{36})">${escaped}</label>`).exec(
      htmlText(html),
    )?.[1];
    expect(field, `no "Who did what" field for ${name} on ${page}`).toBeTruthy();
    form[field!] = text;
  }
  if (entry.dataAttestation) form.dataAttestation = "yes";
  return postForm(request, page, form);
}

/** Adds a screenshot to the signed-in member's team entry through the upload form's post. */
export async function addScreenshotOverHttp(
  request: APIRequestContext,
  call: TestCall,
  screenshot: { bytes: Buffer; description: string; name?: string; mimeType?: string },
): Promise<void> {
  const response = await request.post(`/events/${call.slug}/submission/screenshots`, {
    multipart: {
      screenshot: {
        name: screenshot.name ?? "screenshot.png",
        mimeType: screenshot.mimeType ?? "image/png",
        buffer: screenshot.bytes,
      },
      description: screenshot.description,
    },
    maxRedirects: 0,
  });
  expect(response.status(), (await response.text()).slice(0, 2000)).toBe(302);
  expect(response.headers().location).toBe(`/events/${call.slug}/submission?done=screenshot`);
}

// ---------------------------------------------------------------------------------------------
// Judging, set up over HTTP as the organisers' and judges' forms post it. `request` is signed in
// as an organiser of the call (the administrator made every call in these tests) or as a judge.

/**
 * A timeline for judging: registration and submissions opened three days ago, the deadline (with
 * its grace) passed yesterday at noon and judging opened an hour later; it closes in a week.
 * Saving it over a published call moves the deadline, which needs a reason.
 */
export function judgingOpenTimeline(): TimelineStepTimes {
  return {
    registrationOpensAt: { date: londonDate(-3), time: "09:00" },
    registrationClosesAt: { date: londonDate(-1), time: "10:00" },
    submissionsOpenAt: { date: londonDate(-3), time: "09:00" },
    submissionDeadlineAt: { date: londonDate(-1), time: "12:00" },
    judgingOpensAt: { date: londonDate(-1), time: "13:00" },
    judgingClosesAt: { date: londonDate(7), time: "17:00" },
    resultsPublishedAt: { date: londonDate(8), time: "17:00" },
  };
}

/**
 * An account whose address is at `domain`, unique in the run. A judge's address must not share a
 * domain with the teams' (every participant is at example.test), or the app rightly finds a
 * conflict of interest with every team.
 */
export function newAccountAt(domain: string, label: string, name: string): Account {
  return { name, email: `${label}-${randomTag()}@${domain}`, password: strongPassword() };
}

/** Signs the account in over HTTP and saves the signed-in state to `file`, for `newContext({ storageState })`. */
export async function saveSignedInState(account: Pick<Account, "email" | "password">, file: string): Promise<string> {
  const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
  try {
    await signInOverHttp(context, account);
    await context.storageState({ path: file });
  } finally {
    await context.dispose();
  }
  return file;
}

/** Someone with a confirmed account and a saved signed-in state, for newContext({ storageState }). */
export interface SignedInPerson extends Account {
  storageState: string;
}

/** A new account, made and confirmed over HTTP, signed in once and saved in the test's output. */
export async function newSignedInPerson(
  request: APIRequestContext,
  testInfo: TestInfo,
  account: Account,
): Promise<SignedInPerson> {
  await createVerifiedAccount(request, account);
  return { ...account, storageState: await saveSignedInState(account, testInfo.outputPath(`${account.email}.json`)) };
}

/** Makes someone with a confirmed account a judge of the call, as the judges page's "Add judge" does. */
export async function addJudgeOverHttp(request: APIRequestContext, call: TestCall, email: string): Promise<void> {
  const location = await postForm(request, `/events/${call.slug}/manage/judging/judges`, { intent: "invite", email });
  expect(location).toBe(`/events/${call.slug}/manage/judging/judges?done=granted`);
}

/** A judge's user id, from the "Change details of <name>" link on the judges page. */
export async function judgeIdOverHttp(request: APIRequestContext, call: TestCall, name: string): Promise<string> {
  const html = await (await request.get(`/events/${call.slug}/manage/judging/judges`)).text();
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const id = new RegExp(
    `judge=([0-9a-f-]{36})#expertise"[^>]*>Change details<span class="nhsuk-u-visually-hidden"> of (?:<!-- -->)?${escaped}</span>`,
  ).exec(html)?.[1];
  expect(id, `no "Change details" link for ${name} on the judges page of ${call.slug}`).toBeTruthy();
  return id!;
}

export interface JudgeDetails {
  expertise: "clinical" | "technical" | "other";
  organisation?: string;
  room?: string;
}

/** Saves a judge's expertise, organisation and room, as "Change details" on the judges page does. */
export async function setJudgeDetailsOverHttp(
  request: APIRequestContext,
  call: TestCall,
  userId: string,
  details: JudgeDetails,
): Promise<void> {
  const location = await postForm(request, `/events/${call.slug}/manage/judging/judges`, {
    intent: "profile",
    userId,
    expertise: details.expertise,
    organisation: details.organisation ?? "",
    room: details.room ?? "",
  });
  expect(location).toMatch(new RegExp(`^/events/${call.slug}/manage/judging/judges\\?done=profile&moved=\\d+$`));
}

/** Creates a judging round (a shortlist starts with the NHS Hack Day rubric and every entry); returns its id. */
export async function createRoundOverHttp(
  request: APIRequestContext,
  call: TestCall,
  round: { kind?: "shortlist" | "final" | "peoples_choice"; name: string; judgesPerEntry?: number },
): Promise<string> {
  const location = await postForm(request, `/events/${call.slug}/manage/judging/rounds/new`, {
    kind: round.kind ?? "shortlist",
    name: round.name,
    judgesPerEntry: String(round.judgesPerEntry ?? 3),
  });
  const id = new RegExp(`^/events/${call.slug}/manage/judging/rounds/([0-9a-f-]{36})\\?done=created$`).exec(
    location,
  )?.[1];
  expect(id, `creating a round went to ${location}`).toBeTruthy();
  return id!;
}

/** Assigns judges automatically, as the round page's "Assign judges" does; returns the pairs added. */
export async function assignJudgesOverHttp(
  request: APIRequestContext,
  call: TestCall,
  roundId: string,
): Promise<number> {
  const location = await postForm(request, `/events/${call.slug}/manage/judging/rounds/${roundId}`, {
    intent: "auto-assign",
  });
  const added = /\?done=assigned&added=(\d+)&removed=\d+$/.exec(location)?.[1];
  expect(added, `assigning judges went to ${location}`).toBeTruthy();
  return Number(added);
}

export interface QueuedEntry {
  submissionId: string;
  roundId: string;
  title: string;
}

/** The entries in the signed-in judge's queue, as its links show them. */
export async function judgeQueueOverHttp(request: APIRequestContext, call: TestCall): Promise<QueuedEntry[]> {
  const html = await (await request.get(`/events/${call.slug}/judge`)).text();
  const pattern = new RegExp(
    `href="/events/${call.slug}/judge/([0-9a-f-]{36})\\?round=([0-9a-f-]{36})"[^>]*>([^<]*)</a>`,
    "g",
  );
  return [...html.matchAll(pattern)].map((match) => ({
    submissionId: match[1]!,
    roundId: match[2]!,
    title: htmlText(match[3]!),
  }));
}

/** The NHS Hack Day rubric's criteria as the scoring form names them (score-<key>), in its order. */
export const NHS_RUBRIC_KEYS = {
  "Clinical need and impact": "clinical-need",
  "Feasibility in the NHS": "nhs-feasibility",
  "Technical execution": "technical-execution",
  "Use of open standards and data": "open-standards",
  Presentation: "presentation",
} as const;

export type NhsCriterion = keyof typeof NHS_RUBRIC_KEYS;

/** The NHS Hack Day rubric's criteria in its order: weights 30, 20, 20, 15 and 15%. */
export const NHS_CRITERIA = Object.keys(NHS_RUBRIC_KEYS) as NhsCriterion[];

export type ScoreSheet = Record<NhsCriterion, number>;

/** Scores in the rubric's order: clinical need, feasibility, technical, open standards, presentation. */
export function sheet(...scores: [number, number, number, number, number]): ScoreSheet {
  return Object.fromEntries(NHS_CRITERIA.map((name, index) => [name, scores[index]!])) as ScoreSheet;
}

/** The radios of one criterion on the scoring page: a fieldset whose legend is "<name> (<weight>% of the total)". */
export function criterionGroup(page: Page, name: NhsCriterion): Locator {
  return page.getByRole("group", { name: new RegExp(`^${escapeRegExp(name)} \\(\\d+% of the total\\)`) });
}

export function scoreRadio(page: Page, name: NhsCriterion, score: number): Locator {
  return criterionGroup(page, name).getByRole("radio", { name: String(score), exact: true });
}

/** Chooses scores on the scoring page by tapping (or clicking) their radios. */
export async function chooseScores(page: Page, scores: Partial<ScoreSheet>): Promise<void> {
  for (const [name, score] of Object.entries(scores) as [NhsCriterion, number][]) {
    await scoreRadio(page, name, score).check();
  }
}

export interface ScoreSheetForm {
  /** Criterion name -> score; a criterion left out is not scored yet. */
  scores: Partial<Record<NhsCriterion, number>>;
  feedback?: string;
  privateNote?: string;
  teamAbsent?: boolean;
}

/** The version of the signed-in judge's sheet that the scoring page carries (0 before the first save). */
export async function scoreSheetVersionOverHttp(request: APIRequestContext, call: TestCall, entry: QueuedEntry) {
  const page = `/events/${call.slug}/judge/${entry.submissionId}?round=${entry.roundId}`;
  const html = await (await request.get(page)).text();
  const version = /name="version" value="(\d+)"/.exec(html)?.[1];
  expect(version, `no scoring form on ${page}`).toBeTruthy();
  return Number(version);
}

/**
 * Saves the signed-in judge's sheet for an entry through the scoring form's post, on top of the
 * version the page carries now unless `version` is given; returns where the app redirects to.
 */
export async function scoreOverHttp(
  request: APIRequestContext,
  call: TestCall,
  entry: QueuedEntry,
  sheet: ScoreSheetForm,
  version?: number,
): Promise<string> {
  const base = version ?? (await scoreSheetVersionOverHttp(request, call, entry));
  const form: Record<string, string> = {
    version: String(base),
    feedback: sheet.feedback ?? "",
    privateNote: sheet.privateNote ?? "",
  };
  for (const [name, score] of Object.entries(sheet.scores)) {
    form[`score-${NHS_RUBRIC_KEYS[name as NhsCriterion]}`] = String(score);
  }
  if (sheet.teamAbsent) form.teamAbsent = "yes";
  return postForm(request, `/events/${call.slug}/judge/${entry.submissionId}?round=${entry.roundId}`, form);
}

/**
 * axe for a page open with JavaScript disabled, where axe itself cannot run (it needs timers,
 * which a page without JavaScript never fires): the page's document as it is now, without its
 * scripts, is served at a made-up address on this site to a page of the same size that does run
 * JavaScript, and axe checks that copy. What the person without JavaScript sees is exactly that
 * document, with the same styles.
 */
export async function expectNoAxeViolationsWithoutJavaScript(
  page: Page,
  label: string,
  options: BrowserContextOptions = {},
): Promise<void> {
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*\brel="modulepreload"[^>]*>/gi, "");
  const context = await page
    .context()
    .browser()!
    .newContext({ baseURL: BASE_URL, viewport: page.viewportSize(), ...options });
  try {
    const copy = await context.newPage();
    const address = `${BASE_URL}/__axe-copy-of-a-page-without-javascript`;
    await copy.route(address, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
    await copy.goto(address);
    await expectNoAxeViolations(copy, `${label} (without JavaScript)`);
  } finally {
    await context.close();
  }
}
