import { Redis } from "ioredis";
import { shops } from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { redisOptions } from "../../jobs/queue";
import { testDb } from "../setup/db";

describe("test setup", () => {
  it("gives each file a migrated SQLite database", () => {
    const db = testDb();
    const shop = createShop(db, { name: "Setup Roasters" });
    expect(
      db
        .select()
        .from(shops)
        .all()
        .map((s) => s.id),
    ).toContain(shop.id);
  });

  it("gives each file a reachable Redis", async () => {
    const redis = new Redis(redisOptions(process.env.REDIS_URL!));
    expect(await redis.ping()).toBe("PONG");
    await redis.quit();
  });
});
