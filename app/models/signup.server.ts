import { and, eq, inArray } from "drizzle-orm";
import { categories, consentEvents, customers, shops } from "../../db/schema";
import { recordAudit } from "../../jobs/audit";
import { SIGNUP_SOURCE, withoutLoosening } from "../../jobs/policy/protections";
import { withdrawalOnRecord } from "../../jobs/withdrawals";
import { normalizeEmail } from "../../jobs/import/values";
import { db } from "../db.server";

const FREQUENCY_ORDER = ["as_sent", "weekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCY_ORDER)[number];

/** What the public signup page shows of a shop; undefined for an unknown slug. */
export function signupShop({ slug }: { slug: string }) {
  const shop = db
    .select({
      id: shops.id,
      name: shops.name,
      brandColor: shops.brandColor,
      postalAddress: shops.postalAddress,
    })
    .from(shops)
    .where(eq(shops.slug, slug))
    .get();
  if (!shop) return undefined;
  const kinds = db
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(eq(categories.shopId, shop.id))
    .orderBy(categories.name)
    .all();
  return { ...shop, categories: kinds };
}

/**
 * A signup: a new customer with consent, or a consent event on an existing
 * one. Whoever fills in the form has not proved they own the address, so
 * it never loosens what is on record (the rule imports follow too): a
 * withdrawal or unsubscribe stands, their name stays, their frequency only
 * gets rarer and opt-outs are only added. An unsubscribed address that is
 * no customer is not stored at all.
 */
export function subscribe(input: {
  shopId: number;
  email: string;
  firstName: string | null;
  frequency: Frequency;
  optedOutCategoryIds: number[];
  now?: Date;
}) {
  const at = input.now ?? new Date();
  const email = normalizeEmail(input.email);
  db.transaction((tx) => {
    const optedOut = input.optedOutCategoryIds.length
      ? tx
          .select({ id: categories.id })
          .from(categories)
          .where(and(eq(categories.shopId, input.shopId), inArray(categories.id, input.optedOutCategoryIds)))
          .all()
          .map((c) => c.id)
      : [];
    const existing = tx
      .select()
      .from(customers)
      .where(and(eq(customers.shopId, input.shopId), eq(customers.email, email)))
      .get();
    const withdrawal = withdrawalOnRecord(tx, {
      shopId: input.shopId,
      customerId: existing?.id ?? null,
      email,
    });
    const { minorAge } = tx
      .select({ minorAge: shops.minorAge })
      .from(shops)
      .where(eq(shops.id, input.shopId))
      .get()!;
    const { kept } = withoutLoosening(
      { email: existing?.email ?? null, birthdate: existing?.birthdate ?? null, withdrawal },
      { consent: true },
      { now: at, minorAge },
    );
    if (!existing && !kept.consent) return;
    const consent = kept.consent
      ? { marketingConsent: true, consentSource: SIGNUP_SOURCE, consentAt: at }
      : {};
    let customerId: number;
    if (existing) {
      customerId = existing.id;
      const rarer = Math.max(
        FREQUENCY_ORDER.indexOf(existing.emailFrequency),
        FREQUENCY_ORDER.indexOf(input.frequency),
      );
      tx.update(customers)
        .set({
          ...consent,
          firstName: existing.firstName ?? input.firstName,
          emailFrequency: FREQUENCY_ORDER[rarer],
          optedOutCategoryIds: [...new Set([...existing.optedOutCategoryIds, ...optedOut])],
          updatedAt: at,
        })
        .where(eq(customers.id, existing.id))
        .run();
    } else {
      customerId = tx
        .insert(customers)
        .values({
          shopId: input.shopId,
          email,
          firstName: input.firstName,
          emailFrequency: input.frequency,
          optedOutCategoryIds: optedOut,
          ...consent,
          updatedAt: at,
        })
        .returning({ id: customers.id })
        .get().id;
    }
    if (kept.consent) {
      tx.insert(consentEvents)
        .values({ shopId: input.shopId, customerId, consent: true, source: SIGNUP_SOURCE, at })
        .run();
    }
    recordAudit(tx, {
      shopId: input.shopId,
      actor: "recipient",
      action: kept.consent ? "customer.signed_up" : "customer.signup_withdrawal_kept",
      subject: `customer:${customerId}`,
      detail: { source: SIGNUP_SOURCE, newCustomer: !existing },
    });
  });
}
