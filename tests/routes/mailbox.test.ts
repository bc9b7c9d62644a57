import { caughtMail } from "../../db/schema";
import { createShop, createUser } from "../../db/seed/factories";
import { buildMessage } from "../../jobs/dispatch/mime";
import { loader as mailLoader } from "~/routes/app.mailbox.$mailId";
import { campaignInReview } from "../setup/campaigns";
import { testDb } from "../setup/db";
import { renderPage } from "../setup/document";
import { getRequest, loginCookie, responseOf } from "../setup/requests";

// A caught email with a name and subject outside ASCII travels as RFC 2047
// encoded words; the Mailbox shows them as the recipient's mail program would.

const db = testDb();
const shop = createShop(db);
const { message } = campaignInReview(db, shop.id);
const subject = "Fresh from the roaster, Thảo — and a long line that the encoder folds in three";
const { raw } = buildMessage({
  from: { name: "Café Ōra", address: "hello@ora.example" },
  to: "thao@mail.example",
  subject,
  text: "Hello Thảo",
  html: "<p>Hello Thảo</p>",
  messageId: message.messageIdHeader!,
  date: new Date("2026-12-03T10:00:00Z"),
  prepared: [],
});
const caught = db
  .insert(caughtMail)
  .values({
    messageIdHeader: message.messageIdHeader,
    envelopeFrom: "hello@ora.example",
    envelopeTo: ["thao@mail.example"],
    raw: raw.toString("utf8"),
    receivedAt: new Date(),
  })
  .returning()
  .get();
let owner: Record<string, string>;

beforeAll(async () => {
  await createUser(db, shop.id, { email: "owner@mailbox.example" });
  owner = await loginCookie("owner@mailbox.example");
});

describe("a caught email with encoded headers", () => {
  it("shows the subject and sender decoded in the headers, the source as sent", async () => {
    expect(raw.toString()).toContain("=?UTF-8?Q?");
    const response = await responseOf(() =>
      mailLoader({
        request: getRequest(`/app/mailbox/${caught.id}`, owner),
        params: { mailId: String(caught.id) },
        context: {},
      }),
    );
    const mail = await response.json();
    const header = (name: string) => mail.headers.find((h: { name: string }) => h.name === name)?.value;
    expect(header("Subject")).toBe(subject);
    expect(header("From")).toBe('"Café Ōra" <hello@ora.example>');
    expect(mail.raw).toContain("=?UTF-8?Q?");

    const html = await (await renderPage(`/app/mailbox/${caught.id}`, owner)).text();
    const shown = /<dl class="headers">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? "";
    expect(shown).toContain("Thảo");
    expect(shown).not.toContain("=?");
  });
});
