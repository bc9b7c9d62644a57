import { sql } from "drizzle-orm";
import type { CampaignChecks } from "../jobs/checks/campaign-checks";
import type { DraftCounts } from "../jobs/drafting/counts";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are stored as integer milliseconds since the epoch (UTC) so that SQL
// comparisons and arithmetic on them stay exact and cheap.
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

// Every table of shop data carries its shop, and goes when the shop goes.
const shopId = () =>
  integer("shop_id")
    .notNull()
    .references(() => shops.id, { onDelete: "cascade" });

export const shops = sqliteTable("shops", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  fromEmail: text("from_email").notNull(),
  postalAddress: text("postal_address").notNull(),
  timezone: text("timezone").notNull().default("UTC"),
  // The shop's own website (https), where its emails' buttons and product
  // links lead; null until the owner gives it, and then emails carry no links to buy.
  webAddress: text("web_address"),
  // ISO 4217 code and BCP 47 locale every price is shown in; null until the
  // owner or an import sets them (see app/utils/money.ts for the defaults).
  currency: text("currency"),
  locale: text("locale"),
  // The shop's colour on recipient pages and in its emails.
  brandColor: text("brand_color").notNull().default("#2f5d50"),
  // Per-shop HMAC key for recipient links. After a rotation the previous key
  // keeps old links working until previousTokenSecretUntil.
  tokenSecret: text("token_secret").notNull(),
  previousTokenSecret: text("previous_token_secret"),
  previousTokenSecretUntil: integer("previous_token_secret_until", { mode: "timestamp_ms" }),
  capCount: integer("cap_count").notNull().default(2),
  capWindowDays: integer("cap_window_days").notNull().default(7),
  minGapHours: integer("min_gap_hours").notNull().default(24),
  minorAge: integer("minor_age").notNull().default(18),
  // Whether campaigns featuring sensitive products may reach customers whose
  // age the shop does not know; off unless the owner opts in.
  allowUnknownAgeSensitive: integer("allow_unknown_age_sensitive", { mode: "boolean" })
    .notNull()
    .default(false),
  // No marketing email arrives between these local hours of the recipient.
  quietStartHour: integer("quiet_start_hour").notNull().default(21),
  quietEndHour: integer("quiet_end_hour").notNull().default(8),
  // Off unless the owner turns it on: links in emails then pass through a
  // signed redirect that records the click. Opens are never tracked.
  clickTracking: integer("click_tracking", { mode: "boolean" }).notNull().default(false),
  // Customers with no order or consent change for this many months are stale:
  // their data is too old to personalize from.
  staleMonths: integer("stale_months").notNull().default(24),
  // Emails per minute the shop's mail provider accepts; null means the
  // workers' default (SEND_RATE_PER_MINUTE).
  sendRatePerMinute: integer("send_rate_per_minute"),
  // When the shop started trading (yyyy-mm-dd), if the owner said; orders
  // dated before it are reported as suspect.
  openedOn: text("opened_on"),
  // A seeded shop with made-up customers on reserved example domains, whose
  // email only ever reaches the local mail catcher.
  demo: integer("demo", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["owner", "staff"] }).notNull(),
    // A session carries the version it was issued under; raising it signs the
    // user out everywhere (on request, after a password reset or a removal).
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("users_shop_idx").on(t.shopId)],
);

// Emailed, single-use, expiring links: staff invitations and password resets.
// Only a SHA-256 of the token is kept, so a copy of the database cannot be
// turned into working links.
export const accountTokens = sqliteTable(
  "account_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    purpose: text("purpose", { enum: ["invite", "reset"] }).notNull(),
    email: text("email").notNull(),
    // The invited role, or the user whose password a reset sets.
    role: text("role", { enum: ["owner", "staff"] }),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("account_tokens_shop_idx").on(t.shopId, t.purpose)],
);

export const SENSITIVE_KINDS = ["alcohol", "tobacco", "gambling", "weight_loss", "credit", "adult"] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

export const CARE_REASONS = ["financial_hardship", "bereavement", "own_request", "other"] as const;
export type CareReason = (typeof CARE_REASONS)[number];

export const categories = sqliteTable(
  "categories",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    name: text("name").notNull(),
    // Alcohol, tobacco, gambling, weight loss, credit, adult: never marketed to
    // minors, customers of unknown age, or customers flagged for care.
    sensitive: integer("sensitive", { mode: "boolean" }).notNull().default(false),
    // What makes it sensitive, when the owner said; an import marks by name only.
    sensitiveKind: text("sensitive_kind", { enum: SENSITIVE_KINDS }),
  },
  (t) => [uniqueIndex("categories_shop_name_uq").on(t.shopId, t.name)],
);

export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    categoryId: integer("category_id").references(() => categories.id),
    priceCents: integer("price_cents").notNull(),
    // Shopify's handle: the product's page is <shop web address>/products/<handle>.
    handle: text("handle"),
    // A product page address from a mapped file; linked only on the shop's own site.
    url: text("url"),
    // Typical days between reorders for consumables (coffee, skincare); null
    // for products people do not replenish.
    replenishDays: integer("replenish_days"),
    // Sensitive on its own, whatever its category (a gift set with a liqueur in a coffee category).
    sensitive: integer("sensitive", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("products_shop_sku_uq").on(t.shopId, t.sku)],
);

export const customers = sqliteTable(
  "customers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    externalId: text("external_id"),
    email: text("email").notNull(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    birthdate: text("birthdate"), // yyyy-mm-dd, when the customer gave it
    country: text("country"),
    timezone: text("timezone"),
    marketingConsent: integer("marketing_consent", { mode: "boolean" }).notNull().default(false),
    consentSource: text("consent_source"),
    consentAt: integer("consent_at", { mode: "timestamp_ms" }),
    needsCare: integer("needs_care", { mode: "boolean" }).notNull().default(false),
    careReason: text("care_reason", { enum: CARE_REASONS }),
    careNote: text("care_note"),
    // The recipient's own choices, from the preference page.
    emailFrequency: text("email_frequency", { enum: ["as_sent", "weekly", "monthly"] })
      .notNull()
      .default("as_sent"),
    optedOutCategoryIds: text("opted_out_category_ids", { mode: "json" })
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'`),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex("customers_shop_email_uq").on(t.shopId, t.email),
    index("customers_shop_external_idx").on(t.shopId, t.externalId),
  ],
);

// Consent is history, not a flag: every change is a row with its source
// ("import:<file>", "signup form", "owner") and time. customers.marketing_consent
// mirrors the latest row so the policy reads one column.
export const consentEvents = sqliteTable(
  "consent_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    consent: integer("consent", { mode: "boolean" }).notNull(),
    source: text("source").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("consent_events_customer_idx").on(t.shopId, t.customerId, t.at)],
);

export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    orderedAt: integer("ordered_at", { mode: "timestamp_ms" }).notNull(),
    totalCents: integer("total_cents").notNull(),
    // The order's ISO 4217 currency (GBP, SEK), when the file said; totals are never converted.
    currency: text("currency"),
  },
  (t) => [
    uniqueIndex("orders_shop_external_uq").on(t.shopId, t.externalId),
    index("orders_shop_customer_idx").on(t.shopId, t.customerId, t.orderedAt),
  ],
);

export const orderLines = sqliteTable(
  "order_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    quantity: integer("quantity").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
  },
  (t) => [
    index("order_lines_order_idx").on(t.orderId),
    index("order_lines_shop_product_idx").on(t.shopId, t.productId),
  ],
);

export type ImportMapping = Record<string, string>;
export type ImportSummary = {
  rows: number;
  created: Record<string, number>;
  updated: Record<string, number>;
  unchanged: Record<string, number>;
  /** Orders stored by an earlier import that this file says were cancelled. */
  removed?: Record<string, number>;
  issues: Record<string, number>;
  /** Changes not made because they would have lifted a protection; listed as "refused" issues. */
  refused?: number;
  /** Orders skipped, with their line items, because they were cancelled (and removed if stored before). */
  cancelledOrders?: number;
};

// One uploaded file (web or command line) and how its import went.
export const imports = sqliteTable(
  "imports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    fileName: text("file_name").notNull(),
    storedPath: text("stored_path").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    format: text("format").notNull(),
    mapping: text("mapping", { mode: "json" }).$type<ImportMapping>(),
    status: text("status", { enum: ["uploaded", "queued", "running", "done", "failed"] })
      .notNull()
      .default("uploaded"),
    bytesDone: integer("bytes_done").notNull().default(0),
    summary: text("summary", { mode: "json" }).$type<ImportSummary>(),
    error: text("error"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("imports_shop_idx").on(t.shopId, t.createdAt)],
);

// Every row an import rejected, kept with a remark, or kept without a change
// that would have lifted a protection, with its line in the file.
export const importIssues = sqliteTable(
  "import_issues",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    importId: integer("import_id")
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    outcome: text("outcome", { enum: ["rejected", "noted", "refused"] }).notNull(),
    code: text("code").notNull(),
    detail: text("detail").notNull(),
  },
  (t) => [index("import_issues_import_idx").on(t.importId, t.outcome, t.line)],
);

// The column mapping a shop chose for a header it uploaded before, so the
// same export from the same tool maps itself next time.
export const columnMappings = sqliteTable(
  "column_mappings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    headerKey: text("header_key").notNull(),
    kind: text("kind", { enum: ["customers", "orders", "products"] }).notNull(),
    mapping: text("mapping", { mode: "json" }).$type<ImportMapping>().notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("column_mappings_shop_header_uq").on(t.shopId, t.headerKey)],
);

// Suppressions are keyed by a hash of the lower-cased address so that they
// survive erasure of the customer record and still stop every later send.
export const suppressions = sqliteTable(
  "suppressions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    emailHash: text("email_hash").notNull(),
    reason: text("reason", {
      enum: ["unsubscribed", "bounced", "complained", "owner", "erased"],
    }).notNull(),
    source: text("source").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("suppressions_shop_hash_uq").on(t.shopId, t.emailHash)],
);

export type Reason = { code: string; text: string };
/** A warning the owner acknowledged at approval: its stable id and the text they saw. */
export type AcknowledgedWarning = { id: string; text: string };

/**
 * When a campaign's emails may arrive, in the recipient's local time: from `start` to `end` (minutes after
 * midnight, end excluded) on the listed weekdays (0 is Sunday).
 */
export type SendWindow = { start: number; end: number; days: number[] };

export type Suggestion = {
  kind: "replenish" | "win_back" | "new_product";
  /** Why Tactful proposes it, with the numbers, for the owner to weigh. */
  rationale: string;
  status: "pending" | "accepted" | "dismissed";
};

export const campaigns = sqliteTable(
  "campaigns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    name: text("name").notNull(),
    subject: text("subject").notNull(),
    // Further subject lines; each recipient gets one of [subject, ...subjectVariants].
    // Set when Tactful proposed the campaign; it cannot be approved until the owner accepts it.
    suggestion: text("suggestion", { mode: "json" }).$type<Suggestion>(),
    subjectVariants: text("subject_variants", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    // Liquid; empty means the recipient's main reason stands in.
    preheader: text("preheader").notNull().default(""),
    body: text("body").notNull(),
    // Validated by jobs/audience/rules.ts; null means every customer is a candidate.
    audienceRules: text("audience_rules", { mode: "json" }).$type<unknown>(),
    featuredCategoryId: integer("featured_category_id").references(() => categories.id),
    featuredProductIds: text("featured_product_ids", { mode: "json" })
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'`),
    audienceLimit: integer("audience_limit"),
    // When its emails may arrive in the recipient's local time (jobs/policy/send-window.ts); null: any time
    // outside the shop's quiet hours.
    sendWindow: text("send_window", { mode: "json" }).$type<SendWindow>(),
    // The checks of the current drafts (copy, fairness, pushiness), made once
    // per drafting because they look at every customer; null until then.
    checks: text("checks", { mode: "json" }).$type<CampaignChecks>(),
    // How many drafts and exclusions (by reason) the current drafting left, so
    // the review page need not count every message on each load; null until then.
    draftCounts: text("draft_counts", { mode: "json" }).$type<DraftCounts>(),
    // Customers the owner took out on the review page; drafting again keeps them out.
    removedCustomerIds: text("removed_customer_ids", { mode: "json" })
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'`),
    // draft → drafting → review → approved → sending ⇄ paused → sent; cancelled
    // and failed are terminal. Stage progress lives beside it for the dashboard.
    status: text("status", {
      enum: ["draft", "drafting", "review", "approved", "sending", "paused", "sent", "cancelled", "failed"],
    })
      .notNull()
      .default("draft"),
    progressStage: text("progress_stage"),
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total").notNull().default(0),
    lastError: text("last_error"),
    scoreRunId: integer("score_run_id"),
    createdBy: integer("created_by").references(() => users.id),
    approvedBy: integer("approved_by").references(() => users.id),
    approvedAt: integer("approved_at", { mode: "timestamp_ms" }),
    acknowledgedWarnings: text("acknowledged_warnings", { mode: "json" })
      .$type<AcknowledgedWarning[]>()
      .notNull()
      .default(sql`'[]'`),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    // A hash of exactly what was approved (subject, body, every recipient's
    // message): dispatch refuses to start when the content no longer matches.
    approvedHash: text("approved_hash"),
    // When sending starts; null means as soon as it is approved.
    sendAt: integer("send_at", { mode: "timestamp_ms" }),
    // Bumped on every resume so the re-queued jobs get fresh job ids.
    dispatchRound: integer("dispatch_round").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("campaigns_shop_idx").on(t.shopId, t.createdAt)],
);

/**
 * One fit of the shop's customer model (BG/NBD, Gamma-Gamma, co-purchase
 * similarity, replenishment intervals) and the predictions made from it.
 * The run is written in chunks and remembers the last customer done, so a
 * crashed or restarted job carries on where it stopped.
 */
export const modelRuns = sqliteTable(
  "model_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    modelVersion: text("model_version").notNull(),
    status: text("status", { enum: ["running", "complete", "failed"] })
      .notNull()
      .default("running"),
    // Fitted parameters, item neighbours and typical intervals: everything a
    // resumed run or a later campaign score needs to reproduce the predictions.
    params: text("params", { mode: "json" }).$type<Record<string, unknown>>(),
    note: text("note"),
    dataTo: integer("data_to", { mode: "timestamp_ms" }).notNull(),
    customers: integer("customers").notNull().default(0),
    progressDone: integer("progress_done").notNull().default(0),
    lastCustomerId: integer("last_customer_id").notNull().default(0),
    error: text("error"),
    startedAt: createdAt(),
    fittedAt: integer("fitted_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("model_runs_shop_idx").on(t.shopId, t.startedAt)],
);

export const predictions = sqliteTable(
  "customer_predictions",
  {
    shopId: shopId(),
    modelRunId: integer("model_run_id")
      .notNull()
      .references(() => modelRuns.id, { onDelete: "cascade" }),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    pAlive: real("p_alive").notNull(),
    expected30: real("expected_30").notNull(),
    expected90: real("expected_90").notNull(),
    clv12: real("clv_12").notNull(),
    // Product ids this customer has not bought that their purchases point to, best first.
    recommended: text("recommended", { mode: "json" }).$type<number[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelRunId, t.customerId] })],
);

export const scoreRuns = sqliteTable(
  "score_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    modelVersion: text("model_version").notNull(),
    modelRunId: integer("model_run_id").references(() => modelRuns.id),
    params: text("params", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    customersScored: integer("customers_scored").notNull().default(0),
    fittedAt: integer("fitted_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("score_runs_shop_idx").on(t.shopId, t.fittedAt)],
);

export type Contribution = {
  feature: string;
  value: number;
  contribution: number;
  /** What a reason sentence needs to name (a product, an interval), so it says what the score used. */
  detail?: Record<string, string | number>;
};

export const scores = sqliteTable(
  "scores",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    scoreRunId: integer("score_run_id")
      .notNull()
      .references(() => scoreRuns.id, { onDelete: "cascade" }),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    score: real("score").notNull(),
    contributions: text("contributions", { mode: "json" }).$type<Contribution[]>().notNull(),
  },
  (t) => [uniqueIndex("scores_run_customer_uq").on(t.scoreRunId, t.customerId)],
);

// One row per recipient of a campaign: the draft, then the outbox entry.
// Status transitions are owned by jobs/dispatch/transitions.ts.
export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    // Unguessable id used in recipient links; never the row id.
    publicId: text("public_id").notNull().unique(),
    status: text("status", {
      enum: ["draft", "approved", "queued", "sending", "sent", "skipped", "failed", "unknown"],
    })
      .notNull()
      .default("draft"),
    subject: text("subject").notNull(),
    // Which of the campaign's subject lines (0 = the main one) this draft uses.
    subjectVariant: integer("subject_variant").notNull().default(0),
    html: text("html").notNull(),
    text: text("text").notNull(),
    reasons: text("reasons", { mode: "json" }).$type<Reason[]>().notNull(),
    dataUsed: text("data_used", { mode: "json" }).$type<string[]>().notNull(),
    score: real("score").notNull(),
    scoreId: integer("score_id").references(() => scores.id),
    recommended: text("recommended", { mode: "json" })
      .$type<{ productId: number; name: string }[]>()
      .notNull()
      .default(sql`'[]'`),
    rank: integer("rank").notNull(),
    messageIdHeader: text("message_id_header").notNull().unique(),
    // The hash of this message's content at approval, checked again when it is sent.
    approvedHash: text("approved_hash"),
    skipReason: text("skip_reason"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("messages_campaign_customer_uq").on(t.campaignId, t.customerId),
    index("messages_shop_customer_sent_idx").on(t.shopId, t.customerId, t.sentAt),
    // With the shop id, a campaign's messages are counted by status from the index alone, and those
    // of one status (e.g. "unknown") listed in rank order without reading the others.
    index("messages_campaign_status_rank_idx").on(t.campaignId, t.status, t.shopId, t.rank),
    // The review page lists a campaign's recipients by rank, a page at a time.
    index("messages_campaign_rank_idx").on(t.campaignId, t.rank),
  ],
);

export const exclusions = sqliteTable(
  "exclusions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    detail: text("detail").notNull(),
  },
  (t) => [
    uniqueIndex("exclusions_campaign_customer_uq").on(t.campaignId, t.customerId),
    index("exclusions_campaign_reason_idx").on(t.campaignId, t.reason),
  ],
);

// One row per followed link in an email sent with click tracking on. The
// link is its position among the message's trackable links, so a click can
// only ever lead to a URL in the approved message.
export const linkClicks = sqliteTable(
  "link_clicks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    link: integer("link").notNull(),
    url: text("url").notNull(),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("link_clicks_message_idx").on(t.shopId, t.messageId)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: shopId(),
    actor: text("actor").notNull(), // "user:12", "recipient", "system"
    action: text("action").notNull(),
    subject: text("subject").notNull(), // "campaign:4", "customer:9"
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("audit_shop_at_idx").on(t.shopId, t.at)],
);

// What the local SMTP catcher received. Not shop data: the Mailbox page joins
// it to the shop's own messages by Message-ID, so a shop sees only its mail.
export const caughtMail = sqliteTable(
  "caught_mail",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageIdHeader: text("message_id_header"),
    envelopeFrom: text("envelope_from").notNull(),
    envelopeTo: text("envelope_to", { mode: "json" }).$type<string[]>().notNull(),
    raw: text("raw").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("caught_mail_message_id_idx").on(t.messageIdHeader)],
);
