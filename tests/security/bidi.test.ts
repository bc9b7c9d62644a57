import { simpleParser } from "mailparser";
import { eq } from "drizzle-orm";
import { campaigns, messages } from "../../db/schema";
import {
  createCategory,
  createCustomer,
  createOrder,
  createProduct,
  createShop,
  createUser,
} from "../../db/seed/factories";
import { buildMessage } from "../../jobs/dispatch/mime";
import { draftCampaign } from "../../jobs/drafting/draft-campaign";
import { startDrafting } from "../../jobs/state";
import { inviteMail } from "../../templates/account";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { loginCookie } from "../setup/requests";

// A name holding a right-to-left override (U+202E) shows its tail reversed
// and drags the rest of the line with it: "Ada\u202Egpj.exe" reads
// "Adaexe.jpg", and a subject can be made to say something else. Such
// controls are removed from names; what is left is isolated from the line.

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
// What the page shows: its text and markup, not the data handed to scripts.
const shown = (html: string) => html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "");
const SPOOF = "Ada\u202Egpj.exe";

const db = testDb();
const shop = createShop(db);
const customer = createCustomer(db, shop.id, {
  firstName: SPOOF,
  lastName: "\u2067Lovelace\u2069",
  email: "ada@bidi.example",
});
const arabic = createCustomer(db, shop.id, {
  firstName: "سلمى",
  lastName: "حداد",
  email: "salma@bidi.example",
});
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@bidi.example" });
  owner = await loginCookie("owner@bidi.example");
});

describe("names with bidirectional controls", () => {
  it("lose them on the dashboard, and every name is isolated from the line around it", async () => {
    for (const path of ["/app/customers", `/app/customers/${customer.id}`]) {
      const html = shown(await (await renderPage(path, owner)).text());
      expect(html, path).not.toMatch(BIDI_CONTROLS);
      expect(html, path).toContain("<bdi>Adagpj.exe Lovelace</bdi>");
    }
    const list = await (await renderPage("/app/customers", owner)).text();
    expect(list).toContain(`<bdi>${arabic.firstName} ${arabic.lastName}</bdi>`);
  });

  it("lose them in the subject and the sender's name of an email", async () => {
    const built = buildMessage({
      from: { name: `Bean\u202E & Leaf`, address: "hello@shop.example" },
      to: "ada@bidi.example",
      subject: `For ${SPOOF}: your order`,
      text: "Hi",
      html: "<p>Hi</p>",
      messageId: "<bidi@shop.example>",
      date: new Date(),
      prepared: [],
    });
    const mail = await simpleParser(built.raw);
    expect(mail.subject).toBe("For Adagpj.exe: your order");
    expect(mail.from?.value[0].name).toBe("Bean & Leaf");
  });

  it("lose them where a campaign fills in a name: subject, plain text and HTML", () => {
    const tea = createCategory(db, shop.id, { name: "Tea" });
    const sencha = createProduct(db, shop.id, { name: "Sencha", categoryId: tea.id });
    createOrder(db, shop.id, {
      customerId: customer.id,
      orderedAt: new Date(Date.now() - 10 * 86_400_000),
      lines: [{ productId: sencha.id }],
    });
    const campaign = db
      .insert(campaigns)
      .values({
        shopId: shop.id,
        name: "Tea",
        subject: "Tea for {{ customer.first_name }} {{ customer.last_name }}",
        body: "Hello {{ customer.first_name }},\n\n{{ reason }}",
        featuredCategoryId: tea.id,
      })
      .returning()
      .get();
    const ref = { shopId: shop.id, campaignId: campaign.id };
    startDrafting(db, ref);
    expect(draftCampaign(db, { ...ref, publicUrl: "http://tactful.test", now: new Date() })).toBe("drafted");
    const draft = db.select().from(messages).where(eq(messages.customerId, customer.id)).get()!;
    expect(draft.subject).toBe("Tea for Adagpj.exe Lovelace");
    expect(draft.text).toContain("Hello Adagpj.exe,");
    expect(draft.html).not.toMatch(BIDI_CONTROLS);
  });

  it("lose them in an invitation, which names the inviter and the shop", () => {
    const mail = inviteMail({
      shopName: "Bean\u202E & Leaf",
      inviterName: SPOOF,
      role: "staff",
      link: "http://tactful.test/invite/x",
      expiresInDays: 7,
    });
    for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(BIDI_CONTROLS);
    expect(mail.subject).toBe("Adagpj.exe invited you to Bean & Leaf on Tactful");
  });
});
