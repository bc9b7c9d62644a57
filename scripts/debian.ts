import { spawnSync } from "node:child_process";

const runs = (command: string, args: string[]) => spawnSync(command, args, { stdio: "ignore" }).status === 0;

/**
 * Makes sure a program from a Debian package is there: installs the package
 * when it is missing and we run as root, and otherwise says how to.
 */
export function ensureDebianPackage(input: {
  command: string;
  versionArgs: string[];
  pkg: string;
  alternative: string;
}) {
  if (runs(input.command, input.versionArgs)) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `${input.command} is not installed. Install it with \`sudo apt-get install -y ${input.pkg}\`, ${input.alternative}.`,
    );
  }
  console.info(`Installing ${input.pkg} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-q"],
    ["install", "-y", "-q", input.pkg],
  ]) {
    const result = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${result.status}).`);
  }
  if (!runs(input.command, input.versionArgs))
    throw new Error(`${input.command} is still missing after installing ${input.pkg}.`);
}
