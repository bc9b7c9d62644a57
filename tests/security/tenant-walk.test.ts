import { eq } from "drizzle-orm";
import { accountTokens, campaigns, caughtMail, imports, users } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { recordAudit } from "../../jobs/audit";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { formRequest, getRequest, loginCookie, responseOf } from "../setup/requests";
import { dashboardRouteFiles, importRoute } from "../setup/routes";

// The walk: every dashboard route, as the owner of shop A, pointed at shop B's
// objects. Routes are read from app/routes, so a new one is walked (or the
// test fails until this table says how to walk it).

const db = testDb();
const shopA = createShop(db, { name: "Alder Coffee" });
const shopB = createShop(db, { name: "Zebra Books" });

// Everything of shop B says "zebra", so a leak shows up in any page's data.
const categoryB = createCategory(db, shopB.id, { name: "Zebra novels" });
const productB = createProduct(db, shopB.id, { name: "Zebra hardback", categoryId: categoryB.id });
const customerB = createCustomer(db, shopB.id, { firstName: "Zebra", email: "zebra@reader.example" });
createOrder(db, shopB.id, {
  customerId: customerB.id,
  orderedAt: new Date(),
  lines: [{ productId: productB.id }],
});
const reviewB = campaignInReview(db, shopB.id, undefined, customerB);
const suggestionB = db
  .insert(campaigns)
  .values({
    shopId: shopB.id,
    name: "Zebra suggestion",
    subject: "Hello",
    body: "Hello there.",
    suggestion: { kind: "win_back", rationale: "Zebra readers drift.", status: "pending" },
  })
  .returning()
  .get();
const importB = db
  .insert(imports)
  .values({
    shopId: shopB.id,
    fileName: "zebra-customers.csv",
    storedPath: "/nonexistent/zebra-customers.csv",
    sizeBytes: 10,
    format: "shopify-customers",
  })
  .returning()
  .get();
db.update(campaigns).set({ name: "Zebra autumn" }).where(eq(campaigns.id, reviewB.campaign.id)).run();
const mailB = db
  .insert(caughtMail)
  .values({
    messageIdHeader: reviewB.message.messageIdHeader,
    envelopeFrom: "hello@zebra.example",
    envelopeTo: [customerB.email],
    raw: `Message-ID: ${reviewB.message.messageIdHeader}\r\nSubject: Zebra mail\r\n\r\nHello Zebra`,
    receivedAt: new Date(),
  })
  .returning()
  .get();
recordAudit(db, {
  shopId: shopB.id,
  actor: "recipient",
  action: "customer.erased",
  subject: `customer:${customerB.id}`,
});
campaignInReview(db, shopA.id);

let ownerA: Record<string, string>;
let staffB: { id: number };
let inviteB: { id: number };

beforeAll(async () => {
  await createUser(db, shopA.id, { email: "owner@alder.example", name: "Alder owner" });
  await createUser(db, shopB.id, { email: "owner@zebra.example", name: "Zebra owner" });
  staffB = await createUser(db, shopB.id, {
    email: "staff@zebra.example",
    name: "Zebra staff",
    role: "staff",
  });
  inviteB = db
    .insert(accountTokens)
    .values({
      shopId: shopB.id,
      purpose: "invite",
      email: "zebra-invite@zebra.example",
      role: "staff",
      tokenHash: "zebra-invite-hash",
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning()
    .get();
  ownerA = await loginCookie("owner@alder.example");
});

type Probe = { params?: Record<string, string>; forms?: Record<string, string>[] } | { noObjectIds: string };

const WALK = (): Record<string, Probe> => ({
  "app.campaigns.$campaignId.tsx": {
    params: { campaignId: String(reviewB.campaign.id) },
    forms: [
      { intent: "approve", confirm: "yes" },
      { intent: "draft" },
      { intent: "dispatch" },
      { intent: "duplicate" },
      { intent: "archive" },
      { intent: "unarchive" },
      { intent: "pause" },
      { intent: "resume" },
      { intent: "cancel", confirm: "yes" },
      { intent: "remove", messageId: String(reviewB.message.id) },
      { intent: "restore", reason: "removed_by_owner" },
      { intent: "mark-sent", messageId: "1" },
      { intent: "send-again", messageId: "1", confirm: "yes" },
    ],
  },
  "app.campaigns.$campaignId_.edit.tsx": {
    params: { campaignId: String(reviewB.campaign.id) },
    forms: [{ name: "Taken over", subject: "Hello", body: "Hello there, reader.", featuredCategoryId: "" }],
  },
  "app.data.$importId.tsx": {
    params: { importId: String(importB.id) },
    forms: [{ kind: "customers", "map.email": "Email" }],
  },
  "app.data.$importId.issues[.]csv.tsx": { params: { importId: String(importB.id) } },
  "app.customers.$customerId.tsx": {
    params: { customerId: String(customerB.id) },
    forms: [
      { intent: "care", reason: "bereavement", note: "Taken over" },
      { intent: "clear-care", confirm: "yes" },
      { intent: "consent", consent: "withdrawn", consentReason: "asked in shop" },
      { intent: "consent", consent: "granted", consentReason: "asked in shop", proof: "yes" },
      { intent: "birthdate", birthdate: "1980-01-01", birthdateReason: "saw their passport" },
    ],
  },
  "app.data._index.tsx": { noObjectIds: "uploads to and configures only the signed-in user's own shop" },
  "app.suggestions.tsx": {
    forms: [
      { intent: "accept", campaignId: String(suggestionB.id) },
      { intent: "dismiss", campaignId: String(suggestionB.id) },
    ],
  },
  "app.products.tsx": {
    forms: [
      { intent: "category", categoryId: String(categoryB.id), kind: "alcohol" },
      { intent: "category", categoryId: String(categoryB.id), kind: "none" },
      { intent: "product", productId: String(productB.id), sensitive: "yes" },
      { intent: "product", productId: String(productB.id), sensitive: "no" },
    ],
  },
  "app.preview.tsx": { forms: [{ customerId: String(customerB.id), subject: "Hi", body: "Hello there." }] },
  "app.mailbox.$mailId.tsx": { params: { mailId: String(mailB.id) } },
  "app.campaigns.new.tsx": {
    forms: [
      {
        name: "Borrowed",
        subject: "Hello there",
        body: "Hello there, a new book.",
        featuredCategoryId: String(categoryB.id),
        audienceLimit: "",
      },
    ],
  },
  "app.team.tsx": {
    forms: [
      { intent: "remove", memberId: String(staffB.id), confirm: "yes" },
      { intent: "transfer", memberId: String(staffB.id), confirm: "yes" },
      { intent: "revoke", inviteId: String(inviteB.id) },
    ],
  },
  "app.settings.tsx": { noObjectIds: "changes only the signed-in user's own shop" },
  "app.model.tsx": { noObjectIds: "refits only the signed-in user's own shop's model" },
});

// A trailing underscore opts a route out of its parent's layout; it is not part of the param name.
const paramNames = (file: string) => [...file.matchAll(/\$(\w+?)_?(?=\.)/g)].map((m) => m[1]);

describe("tenant isolation walk", () => {
  it("has a probe for every dashboard route with an id or an action, and none for routes that are gone", async () => {
    const walk = WALK();
    const files = dashboardRouteFiles();
    for (const file of files) {
      const { action } = await importRoute(file);
      const probe = walk[file];
      const names = paramNames(file);
      if (names.length > 0 || action) {
        expect(
          probe,
          `${file} is not in the isolation walk: add how to call it with shop B's ids`,
        ).toBeDefined();
      }
      if (names.length > 0) {
        expect(probe && "params" in probe ? Object.keys(probe.params ?? {}) : []).toEqual(names);
      }
    }
    for (const file of Object.keys(walk))
      expect(files, `${file} is in the walk but not in app/routes`).toContain(file);
  });

  it("answers 404 to shop A's owner for each of shop B's objects, in every loader and action", async () => {
    let probes = 0;
    for (const [file, probe] of Object.entries(WALK())) {
      if ("noObjectIds" in probe) continue;
      const route = await importRoute(file);
      const params = probe.params ?? {};
      if (probe.params && route.loader) {
        const response = await responseOf(async () =>
          route.loader!({ params, context: {}, request: getRequest(`/${file}`, ownerA) }),
        );
        expect(response.status, `loader of ${file}`).toBe(404);
        probes++;
      }
      for (const fields of probe.forms ?? []) {
        const response = await responseOf(async () =>
          route.action!({ params, context: {}, request: formRequest(`/${file}`, fields, ownerA) }),
        );
        expect(response.status, `action of ${file} with ${JSON.stringify(fields)}`).toBe(404);
        probes++;
      }
    }
    expect(probes).toBeGreaterThanOrEqual(8);
    // And nothing of shop B moved.
    expect(db.select().from(campaigns).where(eq(campaigns.id, reviewB.campaign.id)).get()!.status).toBe(
      "review",
    );
    expect(db.select().from(users).where(eq(users.id, staffB.id)).get()!.role).toBe("staff");
    expect(db.select().from(accountTokens).where(eq(accountTokens.id, inviteB.id)).get()!.usedAt).toBeNull();
    expect(db.select().from(campaigns).where(eq(campaigns.shopId, shopA.id)).all()).toHaveLength(1);
    expect(
      db.select().from(campaigns).where(eq(campaigns.id, suggestionB.id)).get()!.suggestion!.status,
    ).toBe("pending");
  });

  it("shows none of shop B's data on any dashboard page without an id", async () => {
    let pages = 0;
    for (const file of dashboardRouteFiles().filter((f) => paramNames(f).length === 0)) {
      const { loader } = await importRoute(file);
      if (!loader) continue;
      const response = await responseOf(async () =>
        loader({ params: {}, context: {}, request: getRequest(`/${file}`, ownerA) }),
      );
      expect(response.status, file).toBe(200);
      expect((await response.text()).toLowerCase(), `${file} shows shop B's data`).not.toContain("zebra");
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(7);
  });
});
