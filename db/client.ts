import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { bindIfParam, sql, type Column, type SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// How long a writer waits for another before it fails.
const BUSY_TIMEOUT_MS = 10_000;

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
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return drizzle(sqlite, { schema }) as Db;
}

/** A transaction handle; helpers that only query accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Queryable = Db | Tx;

/**
 * A statement built and prepared once per database handle, on first use:
 * on the paths taken per message or per page, building and compiling a
 * drizzle query costs more than running it. Its inputs are
 * `sql.placeholder`s. A statement prepared on a handle also runs inside that
 * handle's transactions.
 */
export function preparedPer<D extends object, T>(build: (db: D) => T): (db: D) => T {
  const statements = new WeakMap<D, T>();
  return (db) => {
    let statement = statements.get(db);
    if (statement === undefined) statements.set(db, (statement = build(db)));
    return statement;
  };
}

/**
 * `column = value` that SQLite will not answer from an index on that column
 * (the unary plus makes it an expression). For lookups by primary key that
 * also name the shop: without it the planner picks an index led by shop_id
 * and reads every row of the shop to find a handful.
 */
export const eqNoIndex = (column: Column, value: unknown): SQL =>
  sql`+${column} = ${bindIfParam(value, column)}`;

// drizzle wraps the driver's error in its own, with the driver's as the cause.
const isBusy = (error: unknown): boolean =>
  error instanceof Error &&
  (String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY") || isBusy(error.cause));

/**
 * Runs `write`, a function whose first statement is BEGIN IMMEDIATE (a
 * transaction with `behavior: "immediate"`), once the write lock is free,
 * waiting for it on the event loop. SQLite's own busy handler sleeps the
 * whole process: a worker waiting there for another's claim could neither
 * read its SMTP answers nor send its next message. Busy, the function has
 * done nothing yet, so running it again later is safe.
 */
export async function whenWritable<T>(db: Db, write: () => T): Promise<T> {
  const client = db.$client;
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    // (SQLite applies a busy timeout when the PRAGMA is compiled, so it
    // cannot be a statement prepared once.)
    client.pragma("busy_timeout = 0");
    try {
      return write();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
    } finally {
      client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    // Another writer's transaction takes a millisecond or two.
    await new Promise((resolve) => setTimeout(resolve, Math.min(attempt, 5)));
  }
}
