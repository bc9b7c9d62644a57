import { openDatabase, type Db } from "../db/client";
import { env } from "./env.server";

// One client per process, kept across dev rebuilds.
const globalForDb = globalThis as typeof globalThis & { __tactfulDb?: Db };

export const db: Db = (globalForDb.__tactfulDb ??= openDatabase(env.DATABASE_PATH));
