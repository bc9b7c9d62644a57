import { readableTemplate } from "~/utils/readable-template";

describe("a template line as the owner reads it", () => {
  it("shows personal fields as plain labels, whatever their filters and spacing", () => {
    expect(readableTemplate("Fresh from the roaster, {{ customer.first_name }}")).toEqual([
      { kind: "text", text: "Fresh from the roaster, " },
      { kind: "field", label: "first name" },
    ]);
    expect(readableTemplate('Hi {{customer.first_name | default: "there"}} from {{- shop.name -}}!')).toEqual(
      [
        { kind: "text", text: "Hi " },
        { kind: "field", label: "first name" },
        { kind: "text", text: " from " },
        { kind: "field", label: "shop name" },
        { kind: "text", text: "!" },
      ],
    );
  });

  it("drops tags and names a field it does not know by its own words", () => {
    expect(readableTemplate("{% if last_purchase %}How is the {{ last_purchase.name }}?{% endif %}")).toEqual(
      [
        { kind: "text", text: "How is the " },
        { kind: "field", label: "last purchase" },
        { kind: "text", text: "?" },
      ],
    );
    expect(readableTemplate("{{ customer.favourite_roast }}")).toEqual([
      { kind: "field", label: "favourite roast" },
    ]);
  });

  it("leaves a line without Liquid as it is", () => {
    expect(readableTemplate("Autumn is here")).toEqual([{ kind: "text", text: "Autumn is here" }]);
  });
});
