/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/*.server.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // The classic compiler leaves node_modules external; native modules such as
  // better-sqlite3 must stay that way.
  future: {
    v3_fetcherPersist: true,
    // Off: with forty routes the whole manifest is a small file the browser
    // caches, while discovery made every page work out a partial manifest
    // (a tenth of a large review page's server time).
    v3_lazyRouteDiscovery: false,
    v3_relativeSplatPath: true,
    // Off, and said so to silence Remix's warning on every start: single
    // fetch changes what every loader and action returns (no json(), headers
    // set apart), a migration of its own rather than a flag to flip.
    v3_singleFetch: false,
    v3_throwAbortReason: true,
  },
  watchPaths: ["db/**/*.ts", "jobs/**/*.ts", "templates/**/*.ts"],
};
