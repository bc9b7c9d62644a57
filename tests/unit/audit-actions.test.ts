import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { suppressions } from "../../db/schema";
import { AUDIT_ACTIONS } from "~/components/audit-actions";

// Every action the code records must read as words on the audit log page.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function recordedActions(): Set<string> {
  const actions = new Set<string>();
  for (const file of [...sourceFiles("app"), ...sourceFiles("jobs")]) {
    const text = readFileSync(file, "utf8");
    if (!/recordAudit|auditCampaign/.test(text) || file.endsWith("audit-actions.ts")) continue;
    for (const [, action] of text.matchAll(/"([a-z]+\.[a-z]+(?:_[a-z]+)*)"/g)) actions.add(action!);
  }
  // Suppressions are recorded as `suppression.<reason>`, one per reason the schema allows.
  for (const reason of suppressions.reason.enumValues) actions.add(`suppression.${reason}`);
  return actions;
}

describe("audit log wording", () => {
  it("finds the actions the code records", () => {
    expect(recordedActions()).toContain("campaign.approved");
    expect(recordedActions()).toContain("suppression.bounced");
  });

  it("has words for every recorded action", () => {
    const missing = [...recordedActions()].filter((action) => !(action in AUDIT_ACTIONS));
    expect(missing).toEqual([]);
  });
});
