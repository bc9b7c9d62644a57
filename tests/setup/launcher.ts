import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// The launcher (scripts/launch.ts) as a newcomer runs it, in a copy of the
// project: its build/, .data/ and .env are then the copy's, not the checkout's.

const PROJECT = [
  "app",
  "db",
  "jobs",
  "scripts",
  "templates",
  "public",
  "remix.config.js",
  "tsconfig.json",
  "package.json",
];

/** A temporary copy of the project's sources sharing this checkout's node_modules. */
export function projectCopy(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "tactful-launch-"));
  for (const entry of PROJECT) {
    cpSync(entry, join(dir, entry), { recursive: true, filter: (src) => !src.includes("public/build") });
  }
  symlinkSync(resolve("node_modules"), join(dir, "node_modules"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type Launch = { child: ChildProcess; output: () => string };

/**
 * Starts `tsx scripts/launch.ts <role>` in `cwd` as its own process group, so
 * that Ctrl-C can be sent as a terminal sends it: to the whole group. The
 * environment is the newcomer's: no REDIS_URL, SMTP_URL or NODE_ENV.
 */
export function launch(cwd: string, role: string, env: Record<string, string> = {}): Launch {
  const inherited: Record<string, string | undefined> = { ...process.env };
  for (const name of ["REDIS_URL", "SMTP_URL", "NODE_ENV", "DATABASE_PATH", "QUEUE_PREFIX", "PUBLIC_URL"]) {
    delete inherited[name];
  }
  const child = spawn(resolve(cwd, "node_modules/.bin/tsx"), ["scripts/launch.ts", role], {
    cwd,
    env: { ...inherited, ...env } as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text };
}

/** Resolves with the address the launcher prints once everything answers. */
export async function runningAt(launched: Launch, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /Tactful is running at (\S+)/.exec(launched.output());
    if (match) return match[1];
    if (launched.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the launcher did not start:\n${launched.output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The processes still in a process group (Linux /proc). */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command's closing parenthesis: state, ppid, pgrp.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z") members.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return members;
}

/** Ctrl-C: SIGINT to the whole group; resolves when no process of the group is left. */
export async function interrupt(launched: Launch, timeoutMs = 20_000): Promise<number[]> {
  const pgid = launched.child.pid!;
  try {
    process.kill(-pgid, "SIGINT");
  } catch {
    return [];
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const left = groupMembers(pgid);
    if (left.length === 0) return [];
    await new Promise((r) => setTimeout(r, 200));
  }
  return groupMembers(pgid);
}

/** For afterAll: whatever is left of the group is killed. */
export function killGroup(launched: Launch | undefined) {
  if (!launched?.child.pid) return;
  try {
    process.kill(-launched.child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}
