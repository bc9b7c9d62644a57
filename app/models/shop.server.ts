import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { shops } from "../../db/schema";
import { recordAudit } from "../../jobs/audit";
import { db } from "../db.server";

const DAY = 86_400_000;
export const LINK_KEY_GRACE_DAYS = 60;

/**
 * A new key for recipient links. Links in emails already sent keep working
 * for the grace period (long enough for people to act on recent email),
 * then only links signed with the new key do.
 */
export function rotateLinkKeys(input: { shopId: number; userId: number; now?: Date }) {
  const now = input.now ?? new Date();
  db.transaction((tx) => {
    const shop = tx
      .select({ tokenSecret: shops.tokenSecret })
      .from(shops)
      .where(eq(shops.id, input.shopId))
      .get();
    if (!shop) throw new Response("Not found", { status: 404 });
    tx.update(shops)
      .set({
        tokenSecret: randomBytes(32).toString("base64url"),
        previousTokenSecret: shop.tokenSecret,
        previousTokenSecretUntil: new Date(now.getTime() + LINK_KEY_GRACE_DAYS * DAY),
      })
      .where(eq(shops.id, input.shopId))
      .run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: "shop.link_keys_rotated",
      subject: `shop:${input.shopId}`,
      detail: { graceDays: LINK_KEY_GRACE_DAYS },
    });
  });
}

export function shopSettings({ shopId }: { shopId: number }) {
  return db
    .select({
      name: shops.name,
      fromEmail: shops.fromEmail,
      postalAddress: shops.postalAddress,
      capCount: shops.capCount,
      capWindowDays: shops.capWindowDays,
      minGapHours: shops.minGapHours,
      minorAge: shops.minorAge,
      staleMonths: shops.staleMonths,
      quietStartHour: shops.quietStartHour,
      quietEndHour: shops.quietEndHour,
      brandColor: shops.brandColor,
      timezone: shops.timezone,
      sendRatePerMinute: shops.sendRatePerMinute,
      previousTokenSecretUntil: shops.previousTokenSecretUntil,
    })
    .from(shops)
    .where(eq(shops.id, shopId))
    .get();
}

export function setBrandColor(input: { shopId: number; brandColor: string }) {
  db.update(shops).set({ brandColor: input.brandColor }).where(eq(shops.id, input.shopId)).run();
}

/** The shop's time zone (for scheduling) and its provider's rate (null: the installation's default). */
export function setSendingSettings(input: {
  shopId: number;
  userId: number;
  timezone: string;
  sendRatePerMinute: number | null;
}) {
  db.transaction((tx) => {
    tx.update(shops)
      .set({ timezone: input.timezone, sendRatePerMinute: input.sendRatePerMinute })
      .where(eq(shops.id, input.shopId))
      .run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: "shop.sending_settings_changed",
      subject: `shop:${input.shopId}`,
      detail: { timezone: input.timezone, sendRatePerMinute: input.sendRatePerMinute },
    });
  });
}
