import { statSync } from "node:fs";
import { basename, isAbsolute } from "node:path";
import type { Db } from "../../db/client";
import { createImport, describeFile, processImport } from "../../jobs/import/job";
import type { Mapping } from "../../jobs/import/formats";

/** Imports a fixture (or an absolute path) the way the command line does: detected format, or the mapping given. */
export async function importFixture(
  db: Db,
  shopId: number,
  name: string,
  options: {
    kind?: string;
    mapping?: Mapping;
    now?: Date;
    batchSize?: number;
    onProgress?: () => void;
    /** The user who confirmed it, as on the Data page; none for the command line. */
    createdBy?: number;
  } = {},
) {
  const path = isAbsolute(name) ? name : `tests/fixtures/${name}`;
  const file = await describeFile(path);
  const record = createImport(db, {
    shopId,
    fileName: basename(path),
    storedPath: path,
    sizeBytes: statSync(path).size,
    format: options.mapping ? `mapped-${options.kind}` : file.format!.id,
    mapping: options.mapping ?? file.format!.mapping,
    createdBy: options.createdBy,
  });
  const summary = await processImport(db, { shopId, importId: record.id }, options);
  return { importId: record.id, summary };
}
