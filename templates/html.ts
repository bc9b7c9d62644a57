/** What the emails' HTML parts share: the escaping of text and the font stack. */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const SPECIAL = /[&<>"']/;

// One pass, and none at all for the common text with nothing to escape: this
// runs a dozen times per recipient when drafting.
export const escapeHtml = (value: string) =>
  SPECIAL.test(value) ? value.replace(/[&<>"']/g, (c) => ENTITIES[c]) : value;

export const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
