// Installs dependencies when they are missing or older than the lockfile.
// Plain Node with no dependencies: it runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const marker = "node_modules/.package-lock.json";
const nativeModule = "node_modules/better-sqlite3/build/Release/better_sqlite3.node";

function reason() {
  if (!existsSync(marker)) return "node_modules is missing";
  if (statSync("package-lock.json").mtimeMs > statSync(marker).mtimeMs) return "package-lock.json changed";
  if (!existsSync(nativeModule)) return "better-sqlite3 is not built";
  return null;
}

const why = reason();
if (why) {
  console.info(`Installing dependencies (${why})…`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  // `npm install` rather than `npm ci`: it installs the locked versions too,
  // and npm 11 writes lockfiles with only this platform's optional packages,
  // which `npm ci` then refuses as out of sync.
  const result = spawnSync(npm, ["install", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("npm install failed; see the output above.");
    process.exit(result.status ?? 1);
  }
  if (!existsSync(nativeModule)) {
    console.error(
      "better-sqlite3 was installed but not built. It needs python3, make and a C++ compiler " +
        "(Debian: apt-get install -y python3 make g++), then run `npm rebuild better-sqlite3`.",
    );
    process.exit(1);
  }
}
