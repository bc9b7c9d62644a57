import { spawn, type ChildProcess } from "node:child_process";

/**
 * A real worker process (jobs/worker.ts) run by node itself with tsx's
 * loader, so that its pid is the worker's and a signal reaches it, not a
 * wrapper. Resolves once it says it is ready.
 */
export function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr!.resume();
  return new Promise((ready, fail) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Worker ready")) ready(child);
    });
    child.once("exit", (code) => fail(new Error(`worker exited early with ${code}`)));
  });
}

export const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Sends `signal` and resolves when the process has exited. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals) {
  if (exited(child)) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await gone;
}
