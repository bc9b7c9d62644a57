import { startSink } from "./sink";

// The sink in a process of its own, so that the benchmark can read its CPU
// time apart from the senders': says its URL once listening, and answers
// "count" with the number of messages accepted.
const sink = await startSink();
process.send!({ url: sink.url });
process.on("message", (request) => {
  if (request === "count") process.send!({ count: sink.count() });
});
process.on("disconnect", () => void sink.stop().then(() => process.exit(0)));
