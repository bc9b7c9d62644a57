import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { campaigns, messages, type Reason } from "../../db/schema";
import { createCustomer } from "../../db/seed/factories";

/** A campaign waiting for review with one draft per customer, as the drafting job leaves it. */
export function campaignInReview(
  db: Db,
  shopId: number,
  reasons: Reason[] = [{ code: "recency", text: "Your last order was 3 weeks ago." }],
  customer: { id: number; email: string } = createCustomer(db, shopId),
) {
  const campaign = db
    .insert(campaigns)
    .values({ shopId, name: "Autumn roast", subject: "Hello", body: "Hi", status: "review" })
    .returning()
    .get();
  const publicId = randomBytes(18).toString("base64url");
  const message = db
    .insert(messages)
    .values({
      shopId,
      campaignId: campaign.id,
      customerId: customer.id,
      publicId,
      subject: "Hello",
      html: "<p>Hi</p>",
      text: "Hi",
      reasons,
      dataUsed: ["3 orders between March 2025 and October 2026"],
      score: 0.7,
      rank: 1,
      messageIdHeader: `<${publicId}@shop.example>`,
    })
    .returning()
    .get();
  return { campaign, customer, message };
}
