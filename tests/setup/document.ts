import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import * as entry from "~/entry.server";
import * as root from "~/root";
import { dashboardRouteFiles, importRoute, recipientRouteFiles } from "./routes";

// Whole HTML pages rendered in-process through the real entry.server.tsx
// (headers, nonce, React's escaping) without a `remix build`: a server build
// assembled from the route modules, with the dashboard routes, login and the
// recipient pages.

function pathOf(file: string) {
  const name = file.replace(/\.tsx?$/, "");
  const segments = name.split(".").slice(name.startsWith("app.") ? 1 : 0);
  const index = segments.at(-1) === "_index";
  const path = (index ? segments.slice(0, -1) : segments).map((s) => s.replace(/^\$/, ":")).join("/");
  return { id: `routes/${name}`, parentId: name.startsWith("app.") ? "routes/app" : "root", path, index };
}

async function serverBuild(): Promise<ServerBuild> {
  const files = ["app.tsx", "login.tsx", ...dashboardRouteFiles(), ...recipientRouteFiles()];
  const routes: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: root as never },
  };
  const manifest: ServerBuild["assets"]["routes"] = {};
  for (const file of files) {
    const module = await importRoute(file);
    const route =
      file === "app.tsx" ? { id: "routes/app", parentId: "root", path: "app", index: false } : pathOf(file);
    routes[route.id] = { ...route, module: module as never };
  }
  for (const [id, route] of Object.entries(routes)) {
    const module = route.module as { loader?: unknown; action?: unknown; ErrorBoundary?: unknown };
    manifest[id] = {
      id,
      parentId: route.parentId,
      path: route.path,
      index: route.index,
      module: `/build/${id}.js`,
      hasLoader: Boolean(module.loader),
      hasAction: Boolean(module.action),
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: Boolean(module.ErrorBoundary),
    };
  }
  return {
    mode: "production",
    entry: { module: entry },
    routes,
    assets: {
      entry: { imports: [], module: "/build/entry.client.js" },
      routes: manifest,
      url: "/build/manifest.js",
      version: "test",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_lazyRouteDiscovery: false,
      v3_singleFetch: false,
    },
    isSpaMode: false,
  };
}

let handler: ReturnType<typeof createRequestHandler> | undefined;

/** The full response for a page, as the web server would send it. */
export async function renderPage(path: string, headers: Record<string, string> = {}) {
  handler ??= createRequestHandler(await serverBuild(), "production");
  return handler(new Request(`http://tactful.test${path}`, { headers }), {});
}
