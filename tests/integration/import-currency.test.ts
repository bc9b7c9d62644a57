import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { shops } from "../../db/schema";
import { createShop } from "../../db/seed/factories";
import { testDb } from "../setup/db";
import { importFixture } from "../setup/imports";

// A shop that has not said its currency takes it from its orders, when they
// all agree; the owner's own choice is never overwritten.

const db = testDb();
const dir = mkdtempSync(join(tmpdir(), "tactful-currency-"));
const mapping = {
  orderId: "order",
  orderedAt: "date",
  email: "email",
  sku: "sku",
  quantity: "qty",
  unitPrice: "price",
  currency: "currency",
};
function ordersFile(name: string, currencies: string[]) {
  const path = join(dir, name);
  const rows = currencies.map((c, i) => `#${i + 1},2026-10-0${i + 1},a${i}@mail.example,MUG,1,12.00,${c}`);
  writeFileSync(path, ["order,date,email,sku,qty,price,currency", ...rows].join("\n") + "\n");
  return path;
}
const currencyOf = (id: number) => db.select().from(shops).where(eq(shops.id, id)).get()!.currency;

describe("a shop's currency from its orders", () => {
  it("is taken when every order is in one currency", async () => {
    const shop = createShop(db);
    await importFixture(db, shop.id, ordersFile("usd.csv", ["USD", "usd", ""]), { kind: "orders", mapping });
    expect(currencyOf(shop.id)).toBe("USD");
  });

  it("is left unset when the orders are in several", async () => {
    const shop = createShop(db);
    await importFixture(db, shop.id, "shopify/orders_export.csv");
    expect(currencyOf(shop.id)).toBeNull();
  });

  it("never replaces one the shop has", async () => {
    const shop = createShop(db, { currency: "EUR" });
    await importFixture(db, shop.id, ordersFile("usd2.csv", ["USD"]), { kind: "orders", mapping });
    expect(currencyOf(shop.id)).toBe("EUR");
  });
});
