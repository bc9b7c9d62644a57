import type { Browser } from "playwright-core";
import type { Db } from "../../db/client";
import { startAppServer } from "./app-server";
import { launchBrowser } from "./browser";
import { startPipeline } from "./pipeline";

export type Journey = {
  pipeline: Awaited<ReturnType<typeof startPipeline>>;
  server: Awaited<ReturnType<typeof startAppServer>>;
  browser: Browser;
  stop(): Promise<void>;
};

/** What a browser journey runs against: the worker and SMTP catcher, the built app server, and Chromium. */
export async function startJourney(db: Db): Promise<Journey> {
  const pipeline = await startPipeline(db);
  const server = await startAppServer({
    SMTP_URL: pipeline.config.SMTP_URL,
    SESSION_SECRET: "e2e-".padEnd(40, "x"),
  });
  const browser = await launchBrowser();
  return {
    pipeline,
    server,
    browser,
    async stop() {
      await browser.close();
      await server.stop();
      await pipeline.stop();
    },
  };
}
