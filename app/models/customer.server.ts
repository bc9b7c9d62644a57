import { and, desc, eq, or, sql } from "drizzle-orm";
import {
  consentEvents,
  customers,
  orders,
  predictions,
  shops,
  suppressions,
  type CareReason,
} from "../../db/schema";
import { recordAudit } from "../../jobs/audit";
import { ageBand } from "../../jobs/checks/fairness";
import { latestCompleteRun } from "../../jobs/models/model-run";
import { forgetPredictions } from "../../jobs/models/objectors";
import { ageOn, isStale } from "../../jobs/policy/eligibility";
import { objectionOf } from "../../jobs/policy/objection";
import { withoutLoosening } from "../../jobs/policy/protections";
import { emailHash, liftSuppression, suppressionOf } from "../../jobs/suppression";
import { db } from "../db.server";

export const CUSTOMER_PAGE_SIZE = 50;
const RECENT_ORDERS = 10;

type CustomerRef = { shopId: number; customerId: number };
type Actor = CustomerRef & { userId: number };

/** "age unknown", "under 18" or an adult's age band: what the owner needs, not the birthdate. */
export function ageLabel(birthdate: string | null, now: Date, minorAge: number): string {
  const age = birthdate ? ageOn(birthdate, now) : null;
  if (age === null) return "age unknown";
  if (age < minorAge) return `under ${minorAge}`;
  return ageBand(birthdate, now, minorAge)!;
}

const shopRules = (shopId: number) =>
  db
    .select({ minorAge: shops.minorAge, staleMonths: shops.staleMonths })
    .from(shops)
    .where(eq(shops.id, shopId))
    .get()!;

const orderStats = (shopId: number) =>
  db
    .select({
      customerId: orders.customerId,
      orderCount: sql<number>`count(*)`.as("order_count"),
      lastOrderAt: sql<number>`max(${orders.orderedAt})`.as("last_order_at"),
    })
    .from(orders)
    .where(eq(orders.shopId, shopId))
    .groupBy(orders.customerId)
    .as("order_stats");

// A search term matches literally: % and _ typed by the owner are not wildcards.
const literal = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of the shop's customers, newest first, optionally matching an email or name. */
export function listCustomers(input: { shopId: number; query?: string; page: number; now?: Date }) {
  const now = input.now ?? new Date();
  const rules = shopRules(input.shopId);
  const term = input.query?.trim();
  const pattern = term ? literal(term) : undefined;
  const matches = pattern
    ? or(
        sql`${customers.email} LIKE ${pattern} ESCAPE '\\'`,
        sql`coalesce(${customers.firstName}, '') || ' ' || coalesce(${customers.lastName}, '') LIKE ${pattern} ESCAPE '\\'`,
      )
    : undefined;
  const stats = orderStats(input.shopId);
  const rows = db
    .select({
      id: customers.id,
      email: customers.email,
      firstName: customers.firstName,
      lastName: customers.lastName,
      birthdate: customers.birthdate,
      marketingConsent: customers.marketingConsent,
      consentAt: customers.consentAt,
      needsCare: customers.needsCare,
      orderCount: sql<number>`coalesce(${stats.orderCount}, 0)`,
      lastOrderAt: stats.lastOrderAt,
    })
    .from(customers)
    .leftJoin(stats, eq(stats.customerId, customers.id))
    .where(and(eq(customers.shopId, input.shopId), matches))
    .orderBy(desc(customers.id))
    .limit(CUSTOMER_PAGE_SIZE + 1)
    .offset((input.page - 1) * CUSTOMER_PAGE_SIZE)
    .all();
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(customers)
    .where(eq(customers.shopId, input.shopId))
    .get()!.n;
  return {
    total,
    hasMore: rows.length > CUSTOMER_PAGE_SIZE,
    customers: rows.slice(0, CUSTOMER_PAGE_SIZE).map(({ birthdate, lastOrderAt, ...c }) => {
      const last = lastOrderAt === null ? null : new Date(lastOrderAt);
      return {
        ...c,
        lastOrderAt: last,
        age: ageLabel(birthdate, now, rules.minorAge),
        stale: isStale({ lastOrderAt: last, consentAt: c.consentAt }, now, rules.staleMonths),
      };
    }),
  };
}

/** One customer with their orders, latest prediction and consent history; undefined when not this shop's. */
export function customerDetail({ shopId, customerId, now = new Date() }: CustomerRef & { now?: Date }) {
  const customer = db
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.shopId, shopId)))
    .get();
  if (!customer) return undefined;
  const rules = shopRules(shopId);
  const mine = and(eq(orders.shopId, shopId), eq(orders.customerId, customerId));
  const totals = db
    .select({
      count: sql<number>`count(*)`,
      totalCents: sql<number>`coalesce(sum(${orders.totalCents}), 0)`,
      firstAt: sql<number | null>`min(${orders.orderedAt})`,
      lastAt: sql<number | null>`max(${orders.orderedAt})`,
    })
    .from(orders)
    .where(mine)
    .get()!;
  const recentOrders = db
    .select({
      id: orders.id,
      number: orders.externalId,
      orderedAt: orders.orderedAt,
      totalCents: orders.totalCents,
    })
    .from(orders)
    .where(mine)
    .orderBy(desc(orders.orderedAt))
    .limit(RECENT_ORDERS)
    .all();
  const run = latestCompleteRun(db, shopId);
  const prediction = run
    ? db
        .select({
          pAlive: predictions.pAlive,
          expected30: predictions.expected30,
          expected90: predictions.expected90,
          clv12: predictions.clv12,
        })
        .from(predictions)
        .where(
          and(
            eq(predictions.shopId, shopId),
            eq(predictions.modelRunId, run.id),
            eq(predictions.customerId, customerId),
          ),
        )
        .get()
    : undefined;
  const consentHistory = db
    .select({
      id: consentEvents.id,
      consent: consentEvents.consent,
      source: consentEvents.source,
      at: consentEvents.at,
    })
    .from(consentEvents)
    .where(and(eq(consentEvents.shopId, shopId), eq(consentEvents.customerId, customerId)))
    .orderBy(desc(consentEvents.at), desc(consentEvents.id))
    .all();
  const suppression = db
    .select({ reason: suppressions.reason, since: suppressions.createdAt })
    .from(suppressions)
    .where(and(eq(suppressions.shopId, shopId), eq(suppressions.emailHash, emailHash(customer.email))))
    .get();
  const lastOrderAt = totals.lastAt === null ? null : new Date(totals.lastAt);
  return {
    customer: {
      id: customer.id,
      email: customer.email,
      firstName: customer.firstName,
      lastName: customer.lastName,
      country: customer.country,
      timezone: customer.timezone,
      createdAt: customer.createdAt,
      age: ageLabel(customer.birthdate, now, rules.minorAge),
      marketingConsent: customer.marketingConsent,
      consentSource: customer.consentSource,
      consentAt: customer.consentAt,
      needsCare: customer.needsCare,
      careReason: customer.careReason,
      careNote: customer.careNote,
      emailFrequency: customer.emailFrequency,
      stale: isStale({ lastOrderAt, consentAt: customer.consentAt }, now, rules.staleMonths),
    },
    orders: {
      count: totals.count,
      totalCents: totals.totalCents,
      firstAt: totals.firstAt === null ? null : new Date(totals.firstAt),
      lastAt: lastOrderAt,
      recent: recentOrders,
    },
    prediction: prediction && run ? { ...prediction, fittedAt: run.fittedAt } : null,
    // Why there is no prediction: they objected to marketing, and so to being profiled for it.
    objection: objectionOf(customer, suppression ?? null),
    consentHistory,
    suppression: suppressionOf(db, shopId, customer.email),
    staleMonths: rules.staleMonths,
  };
}

const scoped = ({ shopId, customerId }: CustomerRef) =>
  and(eq(customers.id, customerId), eq(customers.shopId, shopId));

/**
 * Flags a customer as needing care, or changes the reason or note. The audit
 * entry says that the note changed, never what it says: the note may hold
 * what the customer told the shop in confidence.
 */
export function flagForCare(input: Actor & { reason: CareReason; note: string }): boolean {
  return db.transaction((tx) => {
    const before = tx.select().from(customers).where(scoped(input)).get();
    if (!before) return false;
    tx.update(customers)
      .set({ needsCare: true, careReason: input.reason, careNote: input.note || null, updatedAt: new Date() })
      .where(scoped(input))
      .run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: before.needsCare ? "customer.care_updated" : "customer.care_flagged",
      subject: `customer:${input.customerId}`,
      detail: { reason: input.reason, noteChanged: (before.careNote ?? "") !== input.note },
    });
    return true;
  });
}

export function clearCare(input: Actor): boolean {
  return db.transaction((tx) => {
    const before = tx.select({ needsCare: customers.needsCare }).from(customers).where(scoped(input)).get();
    if (!before) return false;
    if (!before.needsCare) return true;
    tx.update(customers)
      .set({ needsCare: false, careReason: null, careNote: null, updatedAt: new Date() })
      .where(scoped(input))
      .run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: "customer.care_cleared",
      subject: `customer:${input.customerId}`,
    });
    return true;
  });
}

/**
 * A consent change the shop recorded (in person, by phone): a new history row
 * with source "owner", the customer's current consent set to match, and the
 * reason in the audit log with who did it. A withdrawal is an objection to
 * profiling for marketing too, so what was predicted about them goes with it.
 */
export function recordOwnerConsent(input: Actor & { consent: boolean; reason: string; now?: Date }): boolean {
  const at = input.now ?? new Date();
  return db.transaction((tx) => {
    const found = tx.select({ id: customers.id }).from(customers).where(scoped(input)).get();
    if (!found) return false;
    tx.insert(consentEvents)
      .values({
        shopId: input.shopId,
        customerId: input.customerId,
        consent: input.consent,
        source: "owner",
        at,
      })
      .run();
    tx.update(customers)
      .set({ marketingConsent: input.consent, consentSource: "owner", consentAt: at, updatedAt: at })
      .where(scoped(input))
      .run();
    if (!input.consent) forgetPredictions(tx, input.shopId, [input.customerId]);
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: input.consent ? "customer.consent_granted" : "customer.consent_withdrawn",
      subject: `customer:${input.customerId}`,
      detail: { source: "owner", reason: input.reason },
    });
    return true;
  });
}

/**
 * A birthdate the shop corrected (seen on an ID, told by the customer). The
 * team may record one that lifts nothing, by the rule imports follow; making
 * a minor older is the owner's decision. The audit entry gives the ages
 * before and after and the reason, never the date.
 */
export function correctBirthdate(
  input: Actor & { birthdate: string; reason: string; isOwner: boolean; now?: Date },
): "saved" | "not_found" | "owner_only" {
  const now = input.now ?? new Date();
  return db.transaction((tx) => {
    const before = tx.select({ birthdate: customers.birthdate }).from(customers).where(scoped(input)).get();
    if (!before) return "not_found";
    const { minorAge } = shopRules(input.shopId);
    const { refused } = withoutLoosening(
      { email: null, birthdate: before.birthdate, withdrawal: null },
      { birthdate: input.birthdate },
      { now, minorAge },
    );
    if (refused.length > 0 && !input.isOwner) return "owner_only";
    tx.update(customers).set({ birthdate: input.birthdate, updatedAt: now }).where(scoped(input)).run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: "customer.birthdate_corrected",
      subject: `customer:${input.customerId}`,
      detail: {
        reason: input.reason,
        before: ageLabel(before.birthdate, now, minorAge),
        after: ageLabel(input.birthdate, now, minorAge),
      },
    });
    return "saved";
  });
}

/**
 * Lifts a suppression the system made for this customer's address (a bounce
 * or a complaint); never their own unsubscribe. Undefined when the customer
 * is not this shop's; false when there was nothing an owner may lift.
 */
export function liftCustomerSuppression(input: Actor): boolean | undefined {
  const found = db.select({ email: customers.email }).from(customers).where(scoped(input)).get();
  if (!found) return undefined;
  return liftSuppression(db, {
    shopId: input.shopId,
    email: found.email,
    actor: `user:${input.userId}`,
    subject: `customer:${input.customerId}`,
  });
}
