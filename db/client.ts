import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { bindIfParam, sql, type Column, type SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens (creating if needed) the SQLite file. WAL lets the web server, the
 * workers and the mail catcher share one file; the busy timeout makes a
 * writer wait for another instead of failing.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 10000");
  return drizzle(sqlite, { schema }) as Db;
}

/** A transaction handle; helpers that only query accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Queryable = Db | Tx;

/**
 * `column = value` that SQLite will not answer from an index on that column
 * (the unary plus makes it an expression). For lookups by primary key that
 * also name the shop: without it the planner picks an index led by shop_id
 * and reads every row of the shop to find a handful.
 */
export const eqNoIndex = (column: Column, value: unknown): SQL =>
  sql`+${column} = ${bindIfParam(value, column)}`;
