import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    globals: true,
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/per-file.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The browser journeys run after everything else and one at a time: a
    // browser, an app server and a worker each need the CPU to themselves on a
    // small machine, or a journey waits on a page that is starved, not broken.
    projects: [
      {
        extends: true,
        test: {
          name: "core",
          include: ["tests/**/*.test.{ts,tsx}"],
          exclude: ["tests/e2e/**"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["tests/e2e/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
