import { mkdirSync } from "node:fs";
import { chromium, type Page } from "playwright-core";
import { ensureDebianPackage } from "../../scripts/debian";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium, headless (installed first when missing and we may). */
export function launchBrowser() {
  if (!process.env.CHROMIUM_PATH) {
    ensureDebianPackage({
      command: CHROMIUM,
      versionArgs: ["--version"],
      pkg: "chromium",
      alternative: "or set CHROMIUM_PATH",
    });
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** Runs a step of a journey; on failure keeps a screenshot of the page under test-results/e2e/. */
export async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    mkdirSync("test-results/e2e", { recursive: true });
    await page.screenshot({ path: `test-results/e2e/${name}.png`, fullPage: true }).catch(() => {});
    throw error;
  }
}

/**
 * Waits until an element exists while a background job moves the page on
 * (drafting, sending, importing), checking on a timer. Now and then, after the
 * form that starts a job, headless Chromium is left with a document that never
 * finishes loading (no body, no requests; seen about one run in six, not
 * understood yet): the page is loaded again after a while, as a person would.
 */
export async function waitForJob(page: Page, selector: string, timeout = 45_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${selector} did not appear within ${timeout} ms on ${page.url()}`);
    const found = await page
      .waitForFunction((css) => document.querySelector(css) !== null, selector, {
        polling: 250,
        timeout: Math.min(left, 10_000),
      })
      .then(() => true)
      .catch(() => false);
    if (found) return;
    await page.goto(page.url(), { timeout: 10_000 }).catch(() => {});
  }
}

/**
 * Fails, keeping a screenshot, when the page is wider than the window: a
 * person on a phone would have to scroll sideways to read it. Tables may
 * scroll inside their own box; the page itself may not.
 */
export async function expectNoSideScroll(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) {
    mkdirSync("test-results/e2e", { recursive: true });
    await page.screenshot({ path: `test-results/e2e/${name}-too-wide.png`, fullPage: true }).catch(() => {});
  }
  expect(overflow, `${name}: the page is ${overflow}px wider than the phone`).toBeLessThanOrEqual(0);
}
