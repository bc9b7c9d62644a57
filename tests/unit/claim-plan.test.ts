import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { claimMessages } from "../../jobs/dispatch/claim";
import { finishSent, startSending } from "../../jobs/state";
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

/** EXPLAIN QUERY PLAN of each SELECT or UPDATE a handle ran, with the start of its SQL. */
const plansOf = (statements: { sql: string; params: unknown[] }[]) =>
  statements
    .filter((s) => /^(select|update)\b/i.test(s.sql))
    .flatMap((s) =>
      db.$client
        .prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
        .all(...s.params)
        .map((row) => `${(row as { detail: string }).detail}   <- ${s.sql.slice(0, 60)}`),
    );

/** A shop whose approved campaign has started sending, and ten of its messages. */
async function sendingBatch() {
  const shop = createShop(db);
  const { campaign, ref } = await approvedCampaign(db, shop.id, 40);
  startSending(db, ref);
  const ids = messagesOf(db, campaign.id)
    .map((m) => m.id)
    .slice(0, 10);
  return { shop, ref, ids };
}

describe("the claim's and the record's queries", () => {
  it("find a batch's messages and customers by primary key, never by reading the whole shop", async () => {
    const { shop, ids } = await sendingBatch();
    const { recording, statements } = recordingDb();

    const claims = claimMessages(recording, shop.id, ids, new Date(), 60_000);

    expect(claims.map((c) => c.claim.outcome)).toEqual(Array(10).fill("send"));
    const plans = plansOf(statements);
    expect(
      plans.filter((p) => /^SEARCH (messages|customers) USING INTEGER PRIMARY KEY/.test(p)),
    ).toHaveLength(3);
    // An index searched by the shop alone visits every message or customer the shop has.
    expect(plans.filter((p) => /^SEARCH (messages|customers) .*\(shop_id=\?\)/.test(p))).toEqual([]);
  });

  it("record accepted messages by primary key, not through the campaign index", async () => {
    const { shop, ref, ids } = await sendingBatch();
    claimMessages(db, shop.id, ids, new Date(), 60_000);
    const { recording, statements } = recordingDb();

    expect(finishSent(recording, ref, ids, new Date())).toBe(10);

    const update = plansOf(statements).filter((p) => p.includes('<- update "messages"'));
    expect(update.length).toBeGreaterThan(0);
    for (const plan of update) expect(plan).toMatch(/^SEARCH messages USING INTEGER PRIMARY KEY/);
  });
});
