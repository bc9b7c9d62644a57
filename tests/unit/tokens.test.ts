import { randomBytes } from "node:crypto";
import { signRecipientToken, tokenPublicId, verifyRecipientToken } from "../../jobs/tokens";

const secret = randomBytes(32).toString("base64url");
const publicId = randomBytes(18).toString("base64url");

describe("recipient link tokens", () => {
  const token = signRecipientToken(secret, publicId, "unsubscribe");

  it("verifies for its own purpose and names its message", () => {
    expect(verifyRecipientToken(secret, token, "unsubscribe")).toBe(true);
    expect(tokenPublicId(token)).toBe(publicId);
  });

  it("is refused for another purpose, another secret, or when altered", () => {
    expect(verifyRecipientToken(secret, token, "why")).toBe(false);
    expect(verifyRecipientToken(randomBytes(32).toString("base64url"), token, "unsubscribe")).toBe(false);
    const last = token.at(-1) === "A" ? "B" : "A";
    expect(verifyRecipientToken(secret, token.slice(0, -1) + last, "unsubscribe")).toBe(false);
    expect(verifyRecipientToken(secret, token.slice(0, -3), "unsubscribe")).toBe(false);
    const otherMessage = signRecipientToken(secret, randomBytes(18).toString("base64url"), "unsubscribe");
    const spliced = `${publicId}.${otherMessage.split(".")[1]}`;
    expect(verifyRecipientToken(secret, spliced, "unsubscribe")).toBe(false);
  });

  it("rejects malformed tokens before any lookup", () => {
    for (const bad of [
      "",
      "abc",
      `${publicId}`,
      `${publicId}.`,
      "../../etc/passwd",
      `${publicId}.${"x".repeat(43)}extra`,
    ]) {
      expect(tokenPublicId(bad)).toBeNull();
      expect(verifyRecipientToken(secret, bad, "why")).toBe(false);
    }
  });
});
