import { plainTemplateMessage } from "~/utils/template-message";

// Liquid's messages quote the template as a JSON string ("{{ \"x\"\n\nthere"):
// the owner sees their own text, without escape characters or entities.
describe("a template mistake in plain words", () => {
  it("quotes the owner's own text without escape characters", () => {
    expect(plainTemplateMessage('output "{{ \\"x\\"\\n\\nthere" not closed')).toBe(
      '“{{ "x" there” is missing its closing }}',
    );
    expect(plainTemplateMessage('tag "{% endif\\n\\nBye" not closed')).toBe(
      "“{% endif Bye” is missing its closing %}",
    );
  });

  it("names the missing end of a block and an unknown field or filter", () => {
    expect(plainTemplateMessage("tag {% if a == 'b' %} not closed")).toBe(
      "{% if a == 'b' %} has no {% endif %} after it",
    );
    expect(plainTemplateMessage("undefined variable: custmer")).toBe(
      "there is no personal field “custmer” (the fields you can use are listed with the preview)",
    );
    expect(plainTemplateMessage("undefined filter: nope")).toBe("there is no filter “nope”");
  });

  it("turns HTML entities back into the characters typed", () => {
    expect(plainTemplateMessage("unexpected &quot;there&quot; &amp; more")).toBe("unexpected “there” & more");
  });
});
