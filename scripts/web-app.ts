import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import cluster from "node:cluster";
import morgan from "morgan";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CROSS_SITE_REFUSAL, originGate } from "../app/origin-gate.server";
import { redactPath } from "../app/redact.server";
import { baseSecurityHeaders } from "../app/security-headers.server";
import { loadConfigOrExit } from "../jobs/config";

// The production web server in one process: Remix's build behind Express, so
// that loaders get the client's address (for rate limits) and every response
// carries the basic security headers.
const config = loadConfigOrExit();
const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, set TRUST_PROXY (e.g. "1" for one hop) so req.ip is the client's.
app.set(
  "trust proxy",
  process.env.TRUST_PROXY ? Number(process.env.TRUST_PROXY) || process.env.TRUST_PROXY : "loopback",
);
const headers = baseSecurityHeaders(config.PUBLIC_URL);
app.use((_req, res, next) => {
  res.set(headers);
  next();
});
// Browsers ask for /favicon.ico whatever the page says; the icon is an SVG.
app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Only paths that name a file: every page would otherwise cost a failed look on disk first.
app.get(/\.\w+$/, express.static("public", { maxAge: "1h" }));
morgan.token("safe-url", (req) => redactPath(req.url ?? ""));
app.use(morgan(":method :safe-url :status :res[content-length] - :response-time ms"));
// Origin is decided here, before Remix's own check (app/origin-gate.server.ts).
const publicOrigin = new URL(config.PUBLIC_URL).origin;
app.use((req, res, next) => {
  const ownOrigins = [publicOrigin, `${req.protocol}://${req.get("host")}`];
  const gate = originGate({ method: req.method, path: req.path, origin: req.get("origin"), ownOrigins });
  if (gate === "refuse") return void res.status(403).type("text/plain").send(CROSS_SITE_REFUSAL);
  if (gate === "one-click") req.headers["sec-fetch-site"] = "cross-site";
  if (gate !== "unchanged") delete req.headers.origin;
  next();
});
app.all("*", createRequestHandler({ build, getLoadContext: (req) => ({ clientIp: req.ip }) }));

// In a cluster the primary says where it listens, once (scripts/server.ts).
const server = app.listen(port, host, () => {
  if (!cluster.isWorker) console.info(`Web server listening on http://${host}:${port}`);
});
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
