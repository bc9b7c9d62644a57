import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { startMailCatcher } from "./mail-catcher";
import { startPrivateRedis } from "./redis";

export type Service = { url: string; stop(): Promise<void> };
type Registry = { redis?: { url: string; pid: number }; smtp?: { url: string; pid: number } };

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
 * that started them stops them.
 */
export function serviceRegistry(dataDir: string) {
  const file = join(dataDir, "services.json");
  const read = (): Registry => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Registry) : {});
  const write = (registry: Registry) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(registry, null, 2));
  };

  async function ensure(kind: keyof Registry, start: () => Promise<Service>): Promise<Service> {
    const known = read()[kind];
    if (known && alive(known.pid)) return { url: known.url, stop: async () => {} };
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

  return {
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
