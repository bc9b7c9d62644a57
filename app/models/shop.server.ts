import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
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
      allowUnknownAgeSensitive: shops.allowUnknownAgeSensitive,
      slug: shops.slug,
      staleMonths: shops.staleMonths,
      quietStartHour: shops.quietStartHour,
      quietEndHour: shops.quietEndHour,
      brandColor: shops.brandColor,
      clickTracking: shops.clickTracking,
      timezone: shops.timezone,
      webAddress: shops.webAddress,
      currency: shops.currency,
      locale: shops.locale,
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

/** Turns click tracking on or off; audited, since recipients are told about it. */
export function setClickTracking(input: { shopId: number; userId: number; on: boolean }) {
  db.transaction((tx) => {
    const changed = tx
      .update(shops)
      .set({ clickTracking: input.on })
      .where(and(eq(shops.id, input.shopId), eq(shops.clickTracking, !input.on)))
      .run().changes;
    if (changed === 0) return;
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: input.on ? "shop.click_tracking_on" : "shop.click_tracking_off",
      subject: `shop:${input.shopId}`,
    });
  });
}

/** Whether sensitive campaigns may reach customers of unknown age: the owner's call, audited. */
export function setUnknownAgeSensitive(input: { shopId: number; userId: number; allow: boolean }) {
  db.transaction((tx) => {
    tx.update(shops).set({ allowUnknownAgeSensitive: input.allow }).where(eq(shops.id, input.shopId)).run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: input.allow
        ? "settings.unknown_age_sensitive_allowed"
        : "settings.unknown_age_sensitive_refused",
      subject: `shop:${input.shopId}`,
    });
  });
}

/** The rules and sender details an owner can change on the Settings page. */
export type ShopRules = {
  name: string;
  fromEmail: string;
  postalAddress: string;
  capCount: number;
  capWindowDays: number;
  minGapHours: number;
  minorAge: number;
  quietStartHour: number;
  quietEndHour: number;
};

/**
 * Saves the shop's rules and records which ones changed, from what to what.
 * The policy reads them at drafting and again at the moment of sending, so a
 * stricter rule also holds back messages already approved.
 */
export function updateShopRules(input: { shopId: number; userId: number; rules: ShopRules }) {
  return db.transaction((tx) => {
    const before = tx.select().from(shops).where(eq(shops.id, input.shopId)).get();
    if (!before) throw new Response("Not found", { status: 404 });
    const changed = (Object.keys(input.rules) as (keyof ShopRules)[]).filter(
      (key) => before[key] !== input.rules[key],
    );
    if (changed.length === 0) return changed;
    tx.update(shops).set(input.rules).where(eq(shops.id, input.shopId)).run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: "shop.rules_changed",
      subject: `shop:${input.shopId}`,
      detail: Object.fromEntries(changed.map((key) => [key, { from: before[key], to: input.rules[key] }])),
    });
    return changed;
  });
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

/**
 * The shop's website (where its emails' links to buy lead; null for none) and
 * the currency and locale its prices are shown in. Audited: it changes what
 * every new email links to.
 */
export function setShopDetails(input: {
  shopId: number;
  userId: number;
  webAddress: string | null;
  currency: string | null;
  locale: string | null;
}) {
  const { shopId, userId, ...details } = input;
  db.transaction((tx) => {
    tx.update(shops).set(details).where(eq(shops.id, shopId)).run();
    recordAudit(tx, {
      shopId,
      actor: `user:${userId}`,
      action: "shop.details_changed",
      subject: `shop:${shopId}`,
      detail: details,
    });
  });
}
