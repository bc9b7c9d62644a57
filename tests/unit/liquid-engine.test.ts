import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  compileCampaign,
  renderMessage,
  TemplateError,
  type TemplateVariables,
} from "../../templates/campaign";
import { createLiquid, TEMPLATE_LIMITS } from "../../templates/liquid";

// A directory holding what an attacker would read: liquidjs's default file
// system looks names up from the working directory.
const home = mkdtempSync(join(tmpdir(), "tactful-liquid-"));
mkdirSync(join(home, ".data"));
const SECRET = `secret-${Math.random().toString(36).slice(2)}`;
writeFileSync(join(home, ".data", "session-secret"), SECRET);
writeFileSync(join(home, "x"), `layout ${SECRET}`);
const cwd = process.cwd();
beforeAll(() => process.chdir(home));
afterAll(() => process.chdir(cwd));

const engine = createLiquid();
/** The email layout a recipient's render needs; these tests only look at the fields. */
const LAYOUT = {
  shopName: "Shop",
  brandColor: "#000000",
  postalAddress: "1 Road",
  preheader: "",
  links: {
    why: "https://shop.test/w",
    preferences: "https://shop.test/p",
    unsubscribe: "https://shop.test/u",
  },
};
const render = (source: string, vars: object = {}) => engine.renderSync(engine.parse(source), vars) as string;
const failure = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected it to fail");
};

describe("the Liquid engine every template runs on", () => {
  it.each([
    ["include", "Hi\n{% include '.data/session-secret' %}"],
    ["render", "Hi\n{% render '.data/session-secret' %}"],
    ["render", "Hi\n{% render '/etc/passwd' %}"],
    ["layout", "Hi\n{% layout 'x' %}"],
    ["include", "Hi\n{% include name %}"],
  ])("refuses {%% %s %%} when the template is read, at its line", (tag, source) => {
    const error = failure(() => engine.parse(source));
    expect(error.message).toMatch(new RegExp(`^${tag} is not available in campaign templates`));
    expect((error as { token?: { getPosition(): number[] } }).token?.getPosition()[0]).toBe(2);
  });

  it("reads no file even when asked directly, by name or by path", () => {
    for (const file of [".data/session-secret", join(home, ".data", "session-secret"), "x"]) {
      // No directory to look in, and a file system that answers nothing.
      expect(() => engine.renderFileSync(file)).toThrow(/Failed to lookup|cannot read files/);
      expect(() => engine.parseFileSync(file)).toThrow(/Failed to lookup|cannot read files/);
    }
  });

  it("reads only a value's own fields, never what it inherits", () => {
    expect(render("{{ customer.first_name }}", { customer: { first_name: "Ada" } })).toBe("Ada");
    expect(render("{{ products.size }} {{ products.first.name }}", { products: [{ name: "Tea" }] })).toBe(
      "1 Tea",
    );
    for (const inherited of ["customer.toString", "customer.constructor", "customer.__proto__"]) {
      expect(() => render(`{{ ${inherited} }}`, { customer: { first_name: "Ada" } })).toThrow(
        /undefined variable/,
      );
    }
  });

  it("stops a range too big to hold", () => {
    expect(() => render("{% for i in (1..100000000) %}x{% endfor %}")).toThrow(/memory alloc limit/);
  });

  it("stops text that doubles itself, in a capture or through a filter", () => {
    const doubling = (step: string) =>
      `{% assign s = "x" %}{% for i in (1..40) %}${step}{% endfor %}{{ s.size }}`;
    expect(() => render(doubling("{% assign s = s | append: s %}"))).toThrow(/memory alloc limit/);
    expect(() => render(doubling("{% capture s %}{{ s }}{{ s }}{% endcapture %}"))).toThrow(
      /memory alloc limit/,
    );
  });

  it("stops a render that runs too long", () => {
    const loops =
      "{% for a in (1..900) %}{% for b in (1..1000) %}{% if a == 0 %}{% endif %}{% endfor %}{% endfor %}";
    expect(() => render(loops)).toThrow(/template render limit/);
  });

  it("refuses a template longer than any field may be", () => {
    expect(() => engine.parse("x".repeat(TEMPLATE_LIMITS.parseLength + 1))).toThrow(/parse length limit/);
    expect(render("x".repeat(TEMPLATE_LIMITS.parseLength))).toHaveLength(TEMPLATE_LIMITS.parseLength);
  });
});

describe("limits as the owner sees them", () => {
  const problem = (body: string) => {
    const error = failure(() => compileCampaign({ subject: "Hi", body }));
    expect(error).toBeInstanceOf(TemplateError);
    return `${(error as TemplateError).field}, line ${(error as TemplateError).line}: ${error.message}`;
  };

  it("names the tag that is refused", () => {
    expect(problem("Hello\n\n{% include '.data/session-secret' %}")).toBe(
      "body, line 3: include is not available in campaign templates: they cannot read other files.",
    );
  });

  it("says a loop is too big or too long, at its line", () => {
    expect(problem("Hello\n{% for i in (1..100000000) %}x{% endfor %}")).toMatch(
      /^body, line 2: This template would build too much text or too long a list/,
    );
    expect(
      problem(
        "Hello\n{% for a in (1..900) %}{% for b in (1..1000) %}{% if a == 0 %}{% endif %}{% endfor %}{% endfor %}",
      ),
    ).toMatch(/^body, line 2: This template takes too long to fill in/);
  });

  it("says when the filled-in text would be too long", () => {
    const body = `{% for i in (1..5000) %}${"y".repeat(19_000)}{% endfor %}`;
    expect(problem(body)).toMatch(/^body, line 1: The filled-in text would be too long/);
  });

  it("says when a field is too long to read", () => {
    expect(problem("x".repeat(TEMPLATE_LIMITS.parseLength + 1))).toMatch(
      /^body, line 1: This text is too long/,
    );
  });

  it("keeps a recipient's render within the limits too, as a template error", () => {
    // Passes the examples ("Ada" builds a small list) but not a long name.
    const per = Math.floor(TEMPLATE_LIMITS.memory / 10);
    const compiled = compileCampaign({
      subject: "Hi",
      body: `{% assign n = customer.first_name.size | times: ${per} %}{% assign r = (1..n) %}Hello`,
    });
    const vars: TemplateVariables = {
      customer: { first_name: "Bartholomew", last_name: "" },
      shop: { name: "Shop" },
      reason: "",
      products: [],
      recommended: [],
      last_purchase: null,
    };
    const error = failure(() => renderMessage(compiled, vars, LAYOUT));
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).field).toBe("body");
    expect(error.message).toMatch(/too much text or too long a list/);
  });
});

describe("the fast fill", () => {
  it("hands a field that loops too often back to liquidjs, whose limits then stop it", () => {
    // Nested loops over the featured products, writing nothing: one turn for
    // the examples checked when saved, ten million for a campaign featuring ten.
    const loops = `${"{% for a in products %}".repeat(7)}${"{% endfor %}".repeat(7)}`;
    const compiled = compileCampaign({ subject: "Hi", body: `Hello${loops}` });
    const ten = Array.from({ length: 10 }, (_, i) => ({ name: `P${i}`, price: "£1.00" }));
    const vars: TemplateVariables = {
      customer: { first_name: "Ada", last_name: "" },
      shop: { name: "Shop" },
      reason: "",
      products: ten,
      recommended: [],
      last_purchase: null,
    };
    const error = failure(() => renderMessage(compiled, vars, LAYOUT));
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.message).toMatch(/takes too long to fill in/);
  });
});
