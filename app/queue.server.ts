import { createProducer, type Producer } from "../jobs/queue";
import { env } from "./env.server";

const globalForQueue = globalThis as typeof globalThis & { __tactfulProducer?: Producer };

function create(): Producer {
  const producer = createProducer(env);
  // remix-serve closes its HTTP server on these signals; closing the Redis
  // connection too lets the process exit instead of lingering.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void producer.close());
  return producer;
}

export const producer: Producer = (globalForQueue.__tactfulProducer ??= create());
