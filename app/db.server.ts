import { openDatabase, type Db } from "../db/client";
import { env } from "./env.server";

// One client per process, kept across dev rebuilds.
const globalForDb = globalThis as typeof globalThis & { __tactfulDb?: Db };

export const db: Db = (globalForDb.__tactfulDb ??= openDatabase(env.DATABASE_PATH));

/**
 * A query built and prepared once, on first use, for the pages every request
 * goes through: building a drizzle select costs more than running it (about
 * 0.9 ms against 0.02 ms for a user with their shop). Its inputs are
 * `sql.placeholder`s. On first use, so that importing a module never touches
 * a database that is not migrated yet.
 */
export function prepared<T>(build: () => T): () => T {
  let statement: T | undefined;
  return () => (statement ??= build());
}
