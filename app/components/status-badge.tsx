const LABELS: Record<string, string> = {
  draft: "Draft",
  drafting: "Drafting",
  review: "Ready for review",
  approved: "Approved",
  sending: "Sending",
  paused: "Paused",
  sent: "Sent",
  cancelled: "Cancelled",
  failed: "Failed",
  queued: "Queued",
  skipped: "Skipped",
  unknown: "Unknown",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{LABELS[status] ?? status}</span>;
}
