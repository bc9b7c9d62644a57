import { z } from "zod";

const DEV_SECRET = "tactful-development-secret-not-for-production";
const DEV_PUBLIC_URL = "http://localhost:3000";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_PATH: z.string().min(1).default(".data/tactful.sqlite"),
    // The launch scripts start a private redis-server and a local SMTP catcher
    // and pass their URLs on when these are not given.
    REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL"),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL"),
    // Required in production (see below): every recipient's link points here.
    PUBLIC_URL: z.url().optional(),
    PORT: z.coerce.number().int().positive().default(3000),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    QUEUE_PREFIX: z.string().min(1).default("tactful"),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    // Computing jobs (drafting, model runs, suggestions, imports) at once per
    // worker, each in a child process of its own.
    WORK_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(5),
    // How long the mail server may stay silent before a connection is given
    // up (jobs/dispatch/mailer.ts); well below SEND_LEASE_MS.
    SMTP_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(30_000),
    // Messages per send job. A job claims them only as its worker's SMTP pool
    // (SMTP_MAX_CONNECTIONS) has free connections, so a worker never holds
    // more claims than it is sending: a pause, a cancel or an unsubscribe
    // stops everything not yet handed to SMTP, and a killed worker leaves at
    // most SMTP_MAX_CONNECTIONS messages "unknown".
    SEND_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    // Emails per minute for a shop that has not set its own rate: one shop
    // cannot take every worker, nor go past what a typical provider plan takes.
    SEND_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
    // How long a claimed send may take before it counts as lost (delivery
    // "unknown"); well above the mailer's own socket timeout.
    SEND_LEASE_MS: z.coerce.number().int().min(1000).default(300_000),
    // How long a shop's sends wait, on every worker, when the mail server
    // says "slow down" (421, 454) or cannot be reached.
    SMTP_SLOWDOWN_MS: z.coerce.number().int().min(10).default(10_000),
    // BullMQ's job lock: a worker that dies holds its jobs this long.
    WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
    // How often each worker compares the database with the queue and puts
    // back what Redis lost (jobs, schedules): the database is the truth.
    RECONCILE_EVERY_MS: z.coerce.number().int().min(500).default(60_000),
    DKIM_DOMAIN: z.string().min(1).optional(),
    DKIM_SELECTOR: z.string().min(1).optional(),
    DKIM_PRIVATE_KEY_PATH: z.string().min(1).optional(),
    // Set by the launcher and echoed by the healthcheck, so that the launcher
    // knows the answer came from the web server it started.
    LAUNCH_ID: z.string().min(1).optional(),
  })
  .transform((env, ctx) => {
    const problems: { variable: string; message: string }[] = [];
    const dkim = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY_PATH];
    if (dkim.some(Boolean) && !dkim.every(Boolean)) {
      problems.push({
        variable: "DKIM_DOMAIN",
        message: "DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_PATH go together",
      });
    }
    if (env.NODE_ENV === "production") problems.push(...productionProblems(env));
    for (const { variable, message } of problems) ctx.addIssue({ code: "custom", path: [variable], message });
    if (problems.length > 0) return z.NEVER;
    return {
      ...env,
      SESSION_SECRET: env.SESSION_SECRET ?? DEV_SECRET,
      PUBLIC_URL: env.PUBLIC_URL ?? DEV_PUBLIC_URL,
    };
  });

// An address only this machine can open: a demo or a test, never a recipient.
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * What a production process may not default: the development session secret
 * is public, and a default PUBLIC_URL would put localhost in every email's
 * links. Plain http only for an address on this machine (the demo, the tests).
 */
function productionProblems(env: { SESSION_SECRET?: string; PUBLIC_URL?: string }) {
  const problems: { variable: string; message: string }[] = [];
  if (!env.SESSION_SECRET)
    problems.push({ variable: "SESSION_SECRET", message: "is required in production" });
  if (!env.PUBLIC_URL) {
    problems.push({
      variable: "PUBLIC_URL",
      message: "is required in production: the https:// address recipients' links lead to",
    });
  } else {
    const url = new URL(env.PUBLIC_URL);
    if (url.protocol !== "https:" && !LOOPBACK_HOSTS.has(url.hostname)) {
      problems.push({ variable: "PUBLIC_URL", message: "must be an https:// address in production" });
    }
  }
  return problems;
}

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {}

/** Validates the environment once; the message names every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "environment"}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}\nSee .env.example.`);
}

/** For an entry point: the configuration, or the process ends with the message (no stack trace). */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
