import { Drop } from "liquidjs";
import { engine, TEMPLATE_FIELDS } from "../../templates/campaign";
import { compileFill } from "../../templates/fill";

// The fast fill must give exactly liquidjs's text, or give up; these compare
// the two on templates owners write and on data of every awkward shape.

class Shouting extends Drop {
  valueOf() {
    return "LOUD";
  }
}

const ordinary = {
  customer: { first_name: "Ada", last_name: "Lovelace" },
  shop: { name: "Bean & Leaf" },
  reason: "Your last order was 3 weeks ago.",
  products: [
    { name: "House Blend", price: "£8.50" },
    { name: "Sencha", price: "£6.00" },
  ],
  recommended: [{ name: "Filters", price: "£3.00" }],
  last_purchase: { name: "Sencha", date: "2 November 2026" },
};

const awkward: unknown[] = [
  "",
  "  ",
  null,
  undefined,
  0,
  42,
  true,
  false,
  [],
  ["a", "b"],
  [{ name: "x" }, undefined, null],
  {},
  { name: "Only a name" },
  { name: null, price: 3, date: false },
  { toLiquid: () => ({ name: "converted" }) },
  new Shouting(),
  () => "called",
  Object.create({ name: "inherited" }),
  "{{ reason }}",
];

// Every field of the ordinary variables in turn replaced by each awkward value.
function* variants(): Generator<Record<string, unknown>> {
  yield ordinary;
  for (const value of awkward) {
    for (const key of Object.keys(ordinary)) yield { ...ordinary, [key]: value };
    yield { ...ordinary, customer: { first_name: value, last_name: "L" } };
    yield { ...ordinary, products: [{ name: value, price: value }, ordinary.products[0]] };
    yield { ...ordinary, last_purchase: { name: value, date: "today" } };
  }
}

function liquid(templates: ReturnType<typeof engine.parse>, vars: object): string | Error {
  try {
    return engine.renderSync(templates, vars) as string;
  } catch (error) {
    return error as Error;
  }
}

const SUPPORTED = [
  ...TEMPLATE_FIELDS.map((f) => f.example),
  "Running low, {{ customer.first_name | default: 'friend' }}?",
  "Hi {{ customer.first_name }}\n\n{{ reason }}\n\nFrom {{ shop.name }}",
  "{% for p in products %}{{ p.name }} ({{ p.price }}){% unless forloop.last %}, {% endunless %}{% endfor %}",
  "{% for p in products %}{{ forloop.index }}{{ forloop.index0 }}{{ forloop.rindex }}{{ forloop.rindex0 }}{{ forloop.length }}{{ forloop.first }}{% else %}none{% endfor %}",
  "{% for p in products %}{% for r in recommended %}{{ p.name }}+{{ r.name }}{{ forloop.last }}{% endfor %}{{ forloop.last }}{% endfor %}",
  "{% for p in products %}{% for p in recommended %}{{ p.name }}{% endfor %}{{ p.name }}{% endfor %}",
  "{% for reason in products %}{{ reason.name }}{% endfor %}{{ reason }}",
  "{% if last_purchase %}{{ last_purchase.name }}{% elsif reason %}{{ reason }}{% else %}none{% endif %}",
  "{% unless last_purchase %}new{% elsif recommended %}rec{% else %}old{% endunless %}",
  "{{- customer.first_name -}} ,  {{ reason -}}   !",
];

// Objects printed whole: supported in form, given up at the value.
const PRINTS_OBJECTS = [
  "{% if products %}{{ products }}{% endif %}{{ shop['name'] }}",
  "{{ customer.first_name | default: \"there\" }} {{ last_purchase | default: 'nothing' }}",
];

const UNSUPPORTED = [
  "{% assign x = reason %}{{ x }}",
  "{% capture x %}{{ reason }}{% endcapture %}{{ x }}",
  "{{ reason | upcase }}",
  "{{ customer.first_name | default: reason }}",
  "{{ customer.first_name | default: 'x', allow_false: true }}",
  "{% if recommended.size > 0 %}x{% endif %}",
  "{% if reason == 'x' %}x{% endif %}",
  "{% for p in products limit: 1 %}{{ p.name }}{% endfor %}",
  "{% for p in products reversed %}{{ p.name }}{% endfor %}",
  "{% for p in products %}{% break %}{% endfor %}",
  "{% for i in (1..3) %}{{ i }}{% endfor %}",
  "{{ 'quoted' }}{{ 3 }}",
  "{% raw %}{{ x }}{% endraw %}",
  "{% comment %}x{% endcomment %}",
  "{% case reason %}{% when 'x' %}y{% endcase %}",
];

describe("the fast fill", () => {
  it.each([...SUPPORTED, ...PRINTS_OBJECTS])(
    "gives liquidjs's text or gives up, for every kind of data: %s",
    (source) => {
      const templates = engine.parse(source);
      const fill = compileFill(engine, templates);
      expect(fill).not.toBeNull();
      let filled = 0;
      for (const vars of variants()) {
        const expected = liquid(templates, vars);
        const actual = fill!(vars);
        if (actual === undefined) continue;
        filled++;
        expect(actual).toBe(expected);
      }
      expect(filled).toBeGreaterThan(0);
    },
  );

  it.each(SUPPORTED)("does the work itself for the data drafting passes: %s", (source) => {
    const templates = engine.parse(source);
    expect(compileFill(engine, templates)!(ordinary)).toBe(liquid(templates, ordinary));
  });

  it("gives up wherever liquidjs fails", () => {
    const templates = engine.parse(
      "{{ customer.nickname }}{% for p in products %}{{ p.colour }}{% endfor %}",
    );
    const fill = compileFill(engine, templates)!;
    for (const vars of variants()) {
      if (liquid(templates, vars) instanceof Error) expect(fill(vars)).toBeUndefined();
    }
    expect(fill(ordinary)).toBeUndefined();
  });

  it.each(UNSUPPORTED)("leaves what it does not know to liquidjs: %s", (source) => {
    expect(compileFill(engine, engine.parse(source))).toBeNull();
  });
});
