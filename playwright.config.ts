// End-to-end tests in a real Chromium against the built app. `npm run test:e2e` builds, then
// runs `playwright test`; the web server below only starts the built app (tests/e2e/serve.ts
// gives it a fresh database and an SMTP catcher every run).
import { defineConfig, devices } from "@playwright/test";
import { BASE_URL } from "./tests/e2e/paths";

// Never a downloaded browser: the machine's Chromium.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
};

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // A 2-core machine: the app, its database and two browsers share it.
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: BASE_URL,
    launchOptions,
    locale: "en-GB",
    timezoneId: "Europe/London",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      // Makes the first account the platform's administrator; everything else runs after it.
      name: "first-run",
      testMatch: /first-run\.setup\.ts$/,
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions },
      dependencies: ["first-run"],
    },
    {
      // A phone, for the tests tagged @phone.
      name: "phone",
      grep: /@phone/,
      use: { ...devices["Pixel 5"], viewport: { width: 375, height: 812 }, launchOptions },
      dependencies: ["first-run"],
    },
  ],
  webServer: {
    command: "npx tsx tests/e2e/serve.ts",
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
