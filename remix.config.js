/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/*.server.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // The classic compiler leaves node_modules external; native modules such as
  // better-sqlite3 must stay that way.
  watchPaths: ["db/**/*.ts", "jobs/**/*.ts", "templates/**/*.ts"],
};
