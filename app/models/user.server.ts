import { randomBytes } from "node:crypto";
import { eq, getTableColumns, sql } from "drizzle-orm";
import { hashPassword, verifyPassword } from "../../db/password";
import { shops, users } from "../../db/schema";
import { db, prepared } from "../db.server";

// Every dashboard request reads these; never the password hash or the shop's link-signing secrets.
const { passwordHash: _hash, ...userColumns } = getTableColumns(users);
const {
  tokenSecret: _secret,
  previousTokenSecret: _previous,
  previousTokenSecretUntil: _until,
  ...shopColumns
} = getTableColumns(shops);
const userWithShop = prepared(() =>
  db
    .select({ user: userColumns, shop: shopColumns })
    .from(users)
    .innerJoin(shops, eq(shops.id, users.shopId))
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare(),
);

export function getUserWithShop({ userId }: { userId: number }) {
  return userWithShop().get({ userId });
}

/** The user when the password matches; the same answer for an unknown email and a wrong password. */
export async function verifyLogin({ email, password }: { email: string; password: string }) {
  const user = db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
  if (!user) {
    // Spend the same time as a real check so timing does not reveal accounts.
    await hashPassword(password);
    return undefined;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : undefined;
}

export function emailTaken({ email }: { email: string }) {
  return (
    db.select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase())).get() !==
    undefined
  );
}

function slugify(name: string) {
  const base = name
    .normalize("NFD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
  return `${base || "shop"}-${randomBytes(3).toString("hex")}`;
}

/**
 * The first step of sign-up: the password's hash, spent whether or not the
 * address is taken, so that the answer takes as long either way.
 */
export async function prepareSignup(input: { email: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  return { taken: emailTaken({ email: input.email }), passwordHash };
}

/** Sign-up confirmed: a new shop and its owner, together or not at all. */
export function createShopWithOwner(input: {
  shopName: string;
  name: string;
  email: string;
  passwordHash: string;
  postalAddress: string;
  fromEmail: string;
  timezone: string;
}) {
  return db.transaction((tx) => {
    const shop = tx
      .insert(shops)
      .values({
        slug: slugify(input.shopName),
        name: input.shopName,
        fromEmail: input.fromEmail.trim().toLowerCase(),
        postalAddress: input.postalAddress,
        timezone: input.timezone,
        tokenSecret: randomBytes(32).toString("base64url"),
      })
      .returning()
      .get();
    return tx
      .insert(users)
      .values({
        shopId: shop.id,
        email: input.email.trim().toLowerCase(),
        name: input.name,
        passwordHash: input.passwordHash,
        role: "owner",
      })
      .returning({ id: users.id, sessionVersion: users.sessionVersion })
      .get();
  });
}

/** Every session issued before this stops working at its next request. */
export function raiseSessionVersion({ userId }: { userId: number }) {
  db.update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .run();
}
