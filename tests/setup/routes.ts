import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import type { ActionFunction, LoaderFunction } from "@remix-run/node";

/** Every dashboard route module's file name, read from disk so that a new route is included. */
export const dashboardRouteFiles = () =>
  readdirSync("app/routes")
    .filter((f) => f.startsWith("app.") && /\.tsx?$/.test(f))
    .sort();

/** Every recipient page's route module file name (the signed /r/... links in emails). */
export const recipientRouteFiles = () =>
  readdirSync("app/routes")
    .filter((f) => f.startsWith("r.") && /\.tsx?$/.test(f))
    .sort();

export async function importRoute(
  file: string,
): Promise<{ loader?: LoaderFunction; action?: ActionFunction }> {
  return import(/* @vite-ignore */ resolve("app/routes", file));
}
