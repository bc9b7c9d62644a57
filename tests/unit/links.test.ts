import { recipientLinks, sendingLinks } from "../../jobs/links";
import { verifyRecipientToken } from "../../jobs/tokens";

const shop = { tokenSecret: "s".repeat(32) };
const publicId = "p".repeat(22);

describe("the links sending adds", () => {
  it("are the drafted email's own unsubscribe links, and a click link only when clicks are tracked", () => {
    const drafted = recipientLinks("https://tactful.test/", shop, publicId);
    const tracked = sendingLinks("https://tactful.test/", { ...shop, clickTracking: true }, publicId);
    expect(tracked).toEqual({ unsubscribe: drafted.unsubscribe, click: drafted.click });
    expect(tracked.unsubscribe).toMatch(/^https:\/\/tactful\.test\/r\/unsubscribe\/[^/]+$/);
    const token = tracked.unsubscribe.split("/").at(-1)!;
    expect(verifyRecipientToken(shop.tokenSecret, token, "unsubscribe")).toBe(true);
    expect(verifyRecipientToken(shop.tokenSecret, token, "why")).toBe(false);
    expect(
      sendingLinks("https://tactful.test", { ...shop, clickTracking: false }, publicId).click,
    ).toBeNull();
  });
});
