import LinkifyIt from "linkify-it";

// Web addresses in plain text: only full http(s) URLs, no bare domains or
// email addresses, so ordinary words never turn into links.
const linkify = new LinkifyIt().set({ fuzzyLink: false, fuzzyEmail: false });

export type WebAddress = { index: number; lastIndex: number; url: string; text: string };

export function webAddresses(text: string): WebAddress[] {
  if (!linkify.pretest(text)) return [];
  return (linkify.match(text) ?? []).filter((m) => m.schema === "http:" || m.schema === "https:");
}
