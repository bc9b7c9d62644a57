import { copyFindings, lintCopy, lintField, type CopyRule } from "../../jobs/checks/copy-lint";

const flagged: [string, CopyRule, string][] = [
  ["Hurry, our autumn roast is nearly here", "fake_urgency", "Hurry"],
  ["Last chance to get 10% off", "fake_urgency", "Last chance"],
  ["The offer expires tonight", "fake_urgency", "expires tonight"],
  ["Sale ends at midnight", "fake_urgency", "ends at midnight"],
  ["Today only: free delivery", "fake_urgency", "Today only"],
  ["A limited-time offer for you", "fake_urgency", "limited-time offer"],
  ["Only 3 hours left to order", "fake_urgency", "Only 3 hours left"],
  ["Don't miss out on our new blend", "fake_urgency", "Don't miss out"],
  ["Only 2 left in stock", "fake_scarcity", "Only 2 left"],
  ["Only 5 bags remaining", "fake_scarcity", "Only 5 bags remaining"],
  ["Almost gone: Ethiopian Yirgacheffe", "fake_scarcity", "Almost gone"],
  ["Selling fast this week", "fake_scarcity", "Selling fast"],
  ["Available while stocks last", "fake_scarcity", "while stocks last"],
  ["Don't you care about your skin?", "guilt", "Don't you care about your skin"],
  ["We noticed you've forgotten about us", "guilt", "you've forgotten about us"],
  ["Did we do something wrong?", "guilt", "Did we do something wrong"],
  ["You'll regret missing this", "guilt", "You'll regret missing this"],
  ["Unless you don't care about your skin, book now", "guilt", "Unless you don't care about your skin"],
  ["Skip it if you don't mind missing out", "guilt", "if you don't mind missing out"],
  ["We thought you cared about the planet.", "guilt", "We thought you cared about the planet"],
  ["We thought you'd care", "guilt", "We thought you'd care"],
  ["Don't you want softer skin?", "guilt", "Don't you want softer skin"],
  ["You will regret it", "guilt", "You will regret it"],
  [
    "Are you really going to leave your cart behind?",
    "guilt",
    "Are you really going to leave your cart behind",
  ],
  ["Not interested? Fine, your loss.", "guilt", "Fine, your loss"],
  ["No thanks, I don't like saving money", "confirmshaming", "No thanks, I don't like saving money"],
  ["No thanks, I like paying more", "confirmshaming", "No thanks, I like paying more"],
  ["I don't want to save money", "confirmshaming", "I don't want to save money"],
  ["No, I prefer paying full price", "confirmshaming", "No, I prefer paying full price"],
  ["No thanks, I'd rather have dull skin", "confirmshaming", "No thanks, I'd rather have dull skin"],
  ["FREE delivery on every order", "all_caps", "FREE"],
  ["Our biggest SALE of the year", "all_caps", "SALE"],
  ["BUY NOW and save", "all_caps", "BUY NOW"],
  ["Great news!!", "exclamation", "!!"],
  ["New! Fresh! Roasted! Today! For you!", "exclamation", "5 exclamation marks"],
];

const clean = [
  "Time to re-order your House Blend?",
  "Forwarding our thanks for your last order",
  "Free delivery on orders over £30 in the UK",
  "Our DIY cold brew kit is back",
  "Made with SPF 30 and UV filters, FAQ on our site",
  "Thank you for being a customer!",
  "A long-lasting blend for slow mornings",
  "We restocked the Sencha you bought in May.",
  "No thanks needed: this one is on us.",
  "Your order ships on Monday.",
  "I hope the stock of beans lasts you the week",
  "Hello {{ customer.first_name | upcase }}, {% if products %}a few ideas{% endif %}",
  // Near misses: caring, missing and regret said plainly are not guilt.
  "We care about your privacy.",
  "We thought you might like our new roast.",
  "If you don't mind, tell us how the beans were.",
  "Unless you would rather we didn't, we will email you when it is back.",
  "No regrets: returns are free for 30 days.",
  "If you care about where your coffee comes from, read on.",
  "Don't worry if you missed our workshop; the recording is online.",
  "You won't regret a good night's sleep.",
  "If you don't want these emails, unsubscribe below.",
  "No thanks is needed.",
  "We were so sorry to hear of your loss.",
  "I don't want to keep you long: here is the news.",
];

describe("manipulative copy linter", () => {
  it.each(flagged)("flags %j as %s", (text, rule, phrase) => {
    const findings = lintField("body", text);
    expect(findings).toContainEqual(expect.objectContaining({ rule, field: "body", line: 1, phrase }));
  });

  it.each(clean)("does not flag %j", (text) => {
    expect(lintField("body", text)).toEqual([]);
    expect(lintField("subject", text)).toEqual([]);
  });

  it("flags RE: and FWD: only at the start of a subject line", () => {
    expect(lintField("subject", "RE: your order")).toEqual([
      { rule: "misleading_prefix", field: "subject", line: 1, phrase: "RE:", why: expect.any(String) },
    ]);
    expect(lintField("subject2", " Fwd: a note from us")[0]).toMatchObject({ rule: "misleading_prefix" });
    expect(lintField("body", "Re: your question, we looked into it")).toEqual([]);
    expect(lintField("subject", "Refill reminder: your beans")).toEqual([]);
    expect(lintField("subject", "Re-order reminder")).toEqual([]);
  });

  it("is stricter with exclamation marks in a subject than in the text", () => {
    expect(lintField("subject", "Fresh beans! For you!")[0]).toMatchObject({ rule: "exclamation" });
    expect(lintField("body", "Fresh beans! For you!")).toEqual([]);
  });

  it("reports the line in the text, ignoring Liquid tags", () => {
    const body =
      "Hello {{ customer.first_name }},\n\n{% if products %}\nHURRY while stocks last\n{% endif %}";
    expect(lintCopy({ body }).map(({ why: _why, ...f }) => f)).toEqual([
      { rule: "all_caps", field: "body", line: 4, phrase: "HURRY" },
      { rule: "fake_urgency", field: "body", line: 4, phrase: "HURRY" },
      { rule: "fake_scarcity", field: "body", line: 4, phrase: "while stocks last" },
    ]);
  });

  it("explains each kind of guilt-tripping in its own words", () => {
    const why = (text: string) => copyFindings({ body: text })[0].why;
    expect(why("Unless you don't care about your skin")).toMatch(/caring/);
    expect(why("You'll regret it")).toMatch(/loss/);
    expect(why("Did we do something wrong?")).toMatch(/feelings/);
    expect(why("Are you really going to leave your cart behind?")).toMatch(/failing/);
    expect(
      new Set(["Unless you don't care", "You'll regret it", "Did we do something wrong?"].map(why)).size,
    ).toBe(3);
  });

  it("names the phrase, where it is and why, once per phrase and field", () => {
    const findings = copyFindings({ subject: "Last chance", body: "Hi\nLast chance. Really, last chance." });
    expect(findings.map((f) => f.detail)).toEqual([
      "“Last chance” in the subject line.",
      "“Last chance” in the email text, line 2.",
    ]);
    expect(findings[0]).toMatchObject({
      kind: "copy",
      title: "Urgency",
      id: "copy:fake_urgency:subject:last chance",
    });
    expect(findings[0].why).toMatch(/really ends/);
  });
});
