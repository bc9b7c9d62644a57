import { openDatabase, type Db } from "../../db/client";

/** A second handle on this test file's database, for arranging and asserting. */
export function testDb(): Db {
  const path = process.env.DATABASE_PATH;
  if (!path) throw new Error("tests/setup/per-file.ts did not set DATABASE_PATH");
  return openDatabase(path);
}
