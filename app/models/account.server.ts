import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { hashPassword } from "../../db/password";
import { accountTokens, campaigns, shops, users } from "../../db/schema";
import { recordAudit } from "../../jobs/audit";
import { db } from "../db.server";

export const INVITE_DAYS = 7;
export const RESET_MINUTES = 30;

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
const normalEmail = (email: string) => email.trim().toLowerCase();

/** The whole team of a shop, owners first, and its invitations still open. */
export function teamOf({ shopId, now = new Date() }: { shopId: number; now?: Date }) {
  const members = db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, since: users.createdAt })
    .from(users)
    .where(eq(users.shopId, shopId))
    .orderBy(sql`${users.role} = 'owner' desc`, users.name)
    .all();
  const invites = db
    .select({ id: accountTokens.id, email: accountTokens.email, expiresAt: accountTokens.expiresAt })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.shopId, shopId),
        eq(accountTokens.purpose, "invite"),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .orderBy(accountTokens.id)
    .all();
  return { members, invites };
}

export type InviteResult = { ok: true; id: number; token: string } | { ok: false; error: string };

/** A staff invitation; the raw token goes into the emailed link and nowhere else. */
export function createInvite(input: {
  shopId: number;
  userId: number;
  email: string;
  now?: Date;
}): InviteResult {
  const email = normalEmail(input.email);
  if (db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
    return { ok: false, error: "This address already has a Tactful account." };
  }
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const id = db.transaction((tx) => {
    // A new invitation to the same address replaces the one before.
    tx.update(accountTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(accountTokens.shopId, input.shopId),
          eq(accountTokens.purpose, "invite"),
          eq(accountTokens.email, email),
          isNull(accountTokens.usedAt),
        ),
      )
      .run();
    const invite = tx
      .insert(accountTokens)
      .values({
        shopId: input.shopId,
        purpose: "invite",
        email,
        role: "staff",
        tokenHash: sha256(token),
        createdBy: input.userId,
        expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
      })
      .returning({ id: accountTokens.id })
      .get();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.userId}`,
      action: "user.invited",
      subject: `invite:${invite.id}`,
    });
    return invite.id;
  });
  return { ok: true, id, token };
}

export function revokeInvite(input: { shopId: number; inviteId: number; now?: Date }) {
  return (
    db
      .update(accountTokens)
      .set({ usedAt: input.now ?? new Date() })
      .where(
        and(
          eq(accountTokens.id, input.inviteId),
          eq(accountTokens.shopId, input.shopId),
          eq(accountTokens.purpose, "invite"),
          isNull(accountTokens.usedAt),
        ),
      )
      .run().changes > 0
  );
}

/** An open token of this purpose, with the shop's name; undefined when wrong, used or expired. */
export function findOpenToken(input: { token: string | undefined; purpose: "invite" | "reset"; now?: Date }) {
  if (!input.token) return undefined;
  return db
    .select({ id: accountTokens.id, email: accountTokens.email, shopName: shops.name })
    .from(accountTokens)
    .innerJoin(shops, eq(shops.id, accountTokens.shopId))
    .where(
      and(
        eq(accountTokens.tokenHash, sha256(input.token)),
        eq(accountTokens.purpose, input.purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, input.now ?? new Date()),
      ),
    )
    .get();
}

/** Uses the token (once, whatever happens next) and returns its row if it was still open. */
function claimToken(tx: Tx, token: string, purpose: "invite" | "reset", now: Date) {
  return tx
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, sha256(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning()
    .get();
}

/** Accepting an invitation creates the staff account; the link cannot be used again. */
export async function acceptInvite(input: { token: string; name: string; password: string; now?: Date }) {
  const passwordHash = await hashPassword(input.password);
  const now = input.now ?? new Date();
  return db.transaction((tx) => {
    const invite = claimToken(tx, input.token, "invite", now);
    if (!invite) return undefined;
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, invite.email)).get()) return undefined;
    const user = tx
      .insert(users)
      .values({ shopId: invite.shopId, email: invite.email, name: input.name, passwordHash, role: "staff" })
      .returning({ id: users.id, sessionVersion: users.sessionVersion })
      .get();
    recordAudit(tx, {
      shopId: invite.shopId,
      actor: `user:${user.id}`,
      action: "user.joined",
      subject: `user:${user.id}`,
    });
    return user;
  });
}

/**
 * A reset token for the account with this address, or undefined when there
 * is none (the page says the same either way). Earlier open resets end.
 */
export function createPasswordReset(input: { email: string; now?: Date }) {
  const user = db
    .select({ id: users.id, shopId: users.shopId, email: users.email })
    .from(users)
    .where(eq(users.email, normalEmail(input.email)))
    .get();
  if (!user) return undefined;
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  db.transaction((tx) => {
    tx.update(accountTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(accountTokens.userId, user.id),
          eq(accountTokens.purpose, "reset"),
          isNull(accountTokens.usedAt),
        ),
      )
      .run();
    tx.insert(accountTokens)
      .values({
        shopId: user.shopId,
        purpose: "reset",
        email: user.email,
        userId: user.id,
        tokenHash: sha256(token),
        expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000),
      })
      .run();
  });
  return { token, email: user.email };
}

/** Sets the new password, once per token, and signs the user out everywhere. */
export async function resetPassword(input: { token: string; password: string; now?: Date }) {
  const passwordHash = await hashPassword(input.password);
  const now = input.now ?? new Date();
  return db.transaction((tx) => {
    const reset = claimToken(tx, input.token, "reset", now);
    if (!reset?.userId) return undefined;
    const user = tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, reset.userId))
      .returning({ id: users.id, sessionVersion: users.sessionVersion })
      .get();
    recordAudit(tx, {
      shopId: reset.shopId,
      actor: `user:${reset.userId}`,
      action: "user.password_reset",
      subject: `user:${reset.userId}`,
    });
    return user;
  });
}

/** An owner removes someone else from the team; their sessions end with their account. */
export function removeMember(input: { shopId: number; ownerId: number; memberId: number }) {
  if (input.memberId === input.ownerId) return false;
  return db.transaction((tx) => {
    const member = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.memberId), eq(users.shopId, input.shopId)))
      .get();
    if (!member) return false;
    // Campaigns outlive the person who made them; the audit log keeps who it was.
    tx.update(campaigns)
      .set({ createdBy: null })
      .where(and(eq(campaigns.shopId, input.shopId), eq(campaigns.createdBy, member.id)))
      .run();
    tx.update(campaigns)
      .set({ approvedBy: null })
      .where(and(eq(campaigns.shopId, input.shopId), eq(campaigns.approvedBy, member.id)))
      .run();
    tx.delete(users).where(eq(users.id, member.id)).run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.ownerId}`,
      action: "user.removed",
      subject: `user:${member.id}`,
    });
    return true;
  });
}

/** The shop has one owner: the new one takes over and the old one stays on as staff. */
export function transferOwnership(input: { shopId: number; ownerId: number; memberId: number }) {
  if (input.memberId === input.ownerId) return false;
  return db.transaction((tx) => {
    const promoted = tx
      .update(users)
      .set({ role: "owner" })
      .where(and(eq(users.id, input.memberId), eq(users.shopId, input.shopId), eq(users.role, "staff")))
      .run().changes;
    if (promoted === 0) return false;
    tx.update(users)
      .set({ role: "staff" })
      .where(and(eq(users.id, input.ownerId), eq(users.shopId, input.shopId)))
      .run();
    recordAudit(tx, {
      shopId: input.shopId,
      actor: `user:${input.ownerId}`,
      action: "user.ownership_transferred",
      subject: `user:${input.memberId}`,
    });
    return true;
  });
}
