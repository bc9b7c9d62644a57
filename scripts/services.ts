import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { startMailCatcher } from "./mail-catcher";
import { startPrivateRedis } from "./redis";

/** `owner`: the pid of the launcher that started a service this one only uses. */
export type Service = { url: string; stop(): Promise<void>; owner?: number };
type Started = { url: string; pid: number };
type Registry = { redis?: Started; smtp?: Started; launcher?: { pid: number; role: string } };

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The private Redis and mail catcher that stand in when REDIS_URL or
 * SMTP_URL are not given. Recorded in .data/services.json so that a second
 * launcher (`npm run worker` beside `npm run dev`) shares them; the launcher
 * that started them stops them, and the one sharing them stops then too.
 */
export function serviceRegistry(dataDir: string) {
  const file = join(dataDir, "services.json");
  const read = (): Registry => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Registry) : {});
  const write = (registry: Registry) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(registry, null, 2));
  };

  async function ensure(kind: "redis" | "smtp", start: () => Promise<Service>): Promise<Service> {
    const known = read()[kind];
    if (known && alive(known.pid)) return { url: known.url, stop: async () => {}, owner: known.pid };
    const service = await start();
    write({ ...read(), [kind]: { url: service.url, pid: process.pid } });
    return {
      url: service.url,
      async stop() {
        const { [kind]: _mine, ...rest } = read();
        write(rest);
        await service.stop();
      },
    };
  }

  /**
   * One demo or dev launcher per data directory: a second would share the
   * first's database and Redis and lose them when the first stops. Returns
   * the one already running, or records this one and returns null.
   */
  function claimLauncher(role: string): { pid: number; role: string } | null {
    const known = read().launcher;
    if (known && known.pid !== process.pid && alive(known.pid)) return known;
    write({ ...read(), launcher: { pid: process.pid, role } });
    return null;
  }
  function releaseLauncher() {
    const { launcher, ...rest } = read();
    if (launcher?.pid === process.pid) write(rest);
  }

  return {
    claimLauncher,
    releaseLauncher,
    redis: () => ensure("redis", () => startPrivateRedis(join(dataDir, "redis"))),
    smtp: (databasePath: string) => ensure("smtp", () => startMailCatcher({ databasePath })),
  };
}

/** A session secret kept under .data/ so demo sessions survive a restart. */
export function localSessionSecret(dataDir: string): string {
  const file = join(dataDir, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}
