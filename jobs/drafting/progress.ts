import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { campaigns } from "../../db/schema";

export type CampaignRef = { shopId: number; campaignId: number };

export function setProgress(db: Db, ref: CampaignRef, stage: string, done: number, total: number) {
  db.update(campaigns)
    .set({ progressStage: stage, progressDone: done, progressTotal: total })
    .where(and(eq(campaigns.id, ref.campaignId), eq(campaigns.shopId, ref.shopId)))
    .run();
}

/** Runs `write` over `items` in transactions of `size`, reporting progress after each. */
export function inChunks<T>(
  db: Db,
  items: T[],
  size: number,
  write: (tx: Tx, chunk: T[], offset: number) => void,
  onProgress?: (done: number) => void,
) {
  for (let i = 0; i < items.length; i += size) {
    db.transaction((tx) => write(tx, items.slice(i, i + size), i));
    onProgress?.(Math.min(i + size, items.length));
  }
}
