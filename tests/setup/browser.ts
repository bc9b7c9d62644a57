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
 * (drafting, sending, importing). The page reloads its data every second
 * meanwhile; checking on a timer, not on animation frames, keeps the wait from
 * stalling in headless Chromium when frames are held back.
 */
export async function waitForJob(page: Page, selector: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction((css) => document.querySelector(css) !== null, selector, {
    polling: 250,
    timeout,
  });
}
