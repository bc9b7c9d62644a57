import "../jobs/env-file";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";

const path = process.env.DATABASE_PATH ?? ".data/tactful.sqlite";
const db = openDatabase(path);
migrateDatabase(db);
db.$client.close();
console.info(`Migrated ${path}.`);
