import { createProducer, type Producer } from "../jobs/queue";
import { env } from "./env.server";

const globalForQueue = globalThis as typeof globalThis & { __tactfulProducer?: Producer };

export const producer: Producer = (globalForQueue.__tactfulProducer ??= createProducer(env));
