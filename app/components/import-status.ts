export const IMPORT_STATUS: Record<string, string> = {
  uploaded: "Waiting for you",
  queued: "Queued",
  running: "Importing",
  done: "Done",
  failed: "Failed",
};
