import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { z } from "zod";

export const SIGNUP_LINK_HOURS = 24;

const PendingSignup = z.object({
  shopName: z.string(),
  name: z.string(),
  email: z.string(),
  passwordHash: z.string(),
  postalAddress: z.string(),
  fromEmail: z.string(),
  timezone: z.string(),
  expiresAt: z.number(),
});
export type PendingSignup = Omit<z.output<typeof PendingSignup>, "expiresAt">;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const keyFrom = (secret: string) => createHash("sha256").update(`tactful sign-up link\0${secret}`).digest();

/**
 * A sign-up waiting for its address to be confirmed, sealed into the emailed
 * link (AES-256-GCM under a key made from the session secret): nothing is
 * stored until the link is used, and only the mailbox's holder can use it.
 * The password is in it only as its argon2id hash.
 */
export function sealSignup(pending: PendingSignup, secret: string, now = new Date()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret), iv);
  const payload = JSON.stringify({ ...pending, expiresAt: now.getTime() + SIGNUP_LINK_HOURS * 3_600_000 });
  const sealed = Buffer.concat([cipher.update(payload, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

/** The sign-up a link holds, or undefined when it was not sealed with this secret or has expired. */
export function openSignup(token: string, secret: string, now = new Date()): PendingSignup | undefined {
  const raw = Buffer.from(token, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const payload = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    const parsed = PendingSignup.safeParse(JSON.parse(payload.toString("utf8")));
    if (!parsed.success || parsed.data.expiresAt <= now.getTime()) return undefined;
    const { expiresAt: _expiresAt, ...pending } = parsed.data;
    return pending;
  } catch {
    return undefined;
  }
}
