import { compileCampaign, renderMessage } from "../../templates/campaign";
import { signRecipientToken } from "../../jobs/tokens";
import { recipientLinks } from "../../jobs/links";
import { trackableLinks, trackLinks } from "../../jobs/tracking";

const links = recipientLinks("https://tactful.test", { tokenSecret: "s".repeat(32) }, "p".repeat(22));
const html = renderMessage(
  compileCampaign({
    subject: "Hi",
    body: "Our shop: https://shop.test/?a=1&b=2\n\nAnd the roast: http://shop.test/roast\n\nWrite to mailto:hello@shop.test",
  }),
  {
    customer: { first_name: "Ada", last_name: "L" },
    shop: { name: "Shop" },
    reason: "",
    products: [],
    recommended: [],
    last_purchase: null,
  },
  { shopName: "Shop", brandColor: "#123456", postalAddress: "1 Road", preheader: "", links },
).html;

describe("click tracking", () => {
  it("numbers the web links the owner wrote and none of the recipient's own pages", () => {
    expect(trackableLinks(html)).toEqual(["https://shop.test/?a=1&b=2", "http://shop.test/roast"]);
  });

  it("sends each web link through its numbered redirect and leaves unsubscribe, why and preferences alone", () => {
    const click = `https://tactful.test/r/click/${signRecipientToken("k".repeat(32), "p".repeat(22), "click")}`;
    const tracked = trackLinks(html, click);
    expect(tracked).toContain(`href="${click}/0"`);
    expect(tracked).toContain(`href="${click}/1"`);
    expect(tracked).not.toContain(`href="https://shop.test`);
    for (const own of [links.unsubscribe, links.why, links.preferences])
      expect(tracked).toContain(`href="${own}"`);
    // Tracked HTML has no trackable links left, so a redirect can never point at another redirect.
    expect(trackableLinks(tracked)).toEqual([]);
  });

  it("changes nothing in an email without web links", () => {
    const plain = "<p>No links</p>";
    expect(trackLinks(plain, "https://tactful.test/r/click/x")).toBe(plain);
  });
});
