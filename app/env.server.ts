import { loadConfig } from "../jobs/config";

// Validated once at start: a bad or missing variable stops the server with a
// message naming it.
export const env = loadConfig();
