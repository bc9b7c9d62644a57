import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { claimMessages } from "../../jobs/dispatch/claim";
import { startSending } from "../../jobs/state";
import { approvedCampaign, messagesOf } from "../setup/dispatch";
import { testDb } from "../setup/db";

const db = testDb();

/** The claim's own database handle, noting every statement it runs. */
function recordingDb() {
  const statements: { sql: string; params: unknown[] }[] = [];
  const recording = drizzle(db.$client, {
    schema,
    logger: { logQuery: (sql, params) => statements.push({ sql, params }) },
  }) as Db;
  return { recording, statements };
}

describe("the claim's queries", () => {
  it("find a batch's messages and customers by primary key, never by reading the whole shop", async () => {
    const shop = createShop(db);
    const { campaign, ref } = await approvedCampaign(db, shop.id, 40);
    startSending(db, ref);
    const ids = messagesOf(db, campaign.id)
      .map((m) => m.id)
      .slice(0, 10);
    const { recording, statements } = recordingDb();

    const claims = claimMessages(recording, shop.id, ids, new Date(), 60_000);

    expect(claims.map((c) => c.claim.outcome)).toEqual(Array(10).fill("send"));
    const plans = statements
      .filter((s) => /^(select|update)\b/i.test(s.sql))
      .flatMap((s) =>
        db.$client
          .prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
          .all(...s.params)
          .map((row) => `${(row as { detail: string }).detail}   <- ${s.sql.slice(0, 60)}`),
      );
    expect(
      plans.filter((p) => /^SEARCH (messages|customers) USING INTEGER PRIMARY KEY/.test(p)),
    ).toHaveLength(3);
    // An index searched by the shop alone visits every message or customer the shop has.
    expect(plans.filter((p) => /^SEARCH (messages|customers) .*\(shop_id=\?\)/.test(p))).toEqual([]);
  });
});
