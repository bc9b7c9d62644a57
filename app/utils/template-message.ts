import { decodeHTML } from "entities";

// Liquid quotes the offending template text as a JSON string, with \n and \"
// escapes; the owner should see their own words, on one line.
const JSON_QUOTED = /"((?:[^"\\]|\\.)*)"/g;

function unquote(inner: string): string {
  let text = inner;
  try {
    text = JSON.parse(`"${inner}"`) as string;
  } catch {
    // Not valid JSON escapes: show it as it came.
  }
  return `“${text.replace(/\s+/g, " ").trim()}”`;
}

/** A Liquid error message as the owner can read it next to the field they typed in. */
export function plainTemplateMessage(message: string): string {
  const text = decodeHTML(message);
  const output = /^output "((?:[^"\\]|\\.)*)" not closed$/.exec(text);
  if (output) return `${unquote(output[1])} is missing its closing }}`;
  const tag = /^tag "((?:[^"\\]|\\.)*)" not closed$/.exec(text);
  if (tag) return `${unquote(tag[1])} is missing its closing %}`;
  const block = /^tag (\{%-?\s*(\w+)[\s\S]*%\}) not closed$/.exec(text);
  if (block) return `${block[1]} has no {% end${block[2]} %} after it`;
  const variable = /^undefined variable: (.+)$/.exec(text);
  if (variable) {
    return `there is no personal field “${variable[1]}” (the fields you can use are listed with the preview)`;
  }
  const filter = /^undefined filter: (.+)$/.exec(text);
  if (filter) return `there is no filter “${filter[1]}”`;
  return text.replace(JSON_QUOTED, (_, inner: string) => unquote(inner));
}
