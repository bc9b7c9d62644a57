import { existsSync } from "node:fs";

// Imported first by every entry (web server, worker, launcher, scripts), so
// that .env in the working directory, as .env.example suggests, is read
// before any setting is checked. A variable set in the real environment wins:
// process.loadEnvFile never overwrites one.
if (existsSync(".env")) process.loadEnvFile(".env");
