import { parseArgs } from "node:util";
import nodemailer from "nodemailer";
import { transportOptions } from "../jobs/dispatch/mailer";

// The baseline for the dispatch benchmark, in its own process like a worker:
// a bare nodemailer pooled loop sending `count` messages to the same sink,
// with as many connections and messages in flight as the workers have, and
// the workers' socket and encoding options, so only the queue and the policy differ.
const { values } = parseArgs({
  options: {
    url: { type: "string" },
    count: { type: "string" },
    connections: { type: "string" },
    concurrency: { type: "string" },
  },
});
const count = Number(values.count);
const transport = nodemailer.createTransport(transportOptions(values.url!, Number(values.connections)));
const html = `<p>${"A fresh bag of House Blend is waiting for you. ".repeat(60)}</p>`;

let next = 0;
async function lane() {
  while (next < count) {
    const i = next++;
    await transport.sendMail({
      from: { name: "Bench shop", address: "hello@bench.example" },
      to: { name: "", address: `customer-${i}@mail.example` },
      subject: `Hello ${i}`,
      text: html.replace(/<[^>]+>/g, ""),
      html,
      textEncoding: "quoted-printable",
    });
  }
}

const started = performance.now();
const cpu = process.cpuUsage();
await Promise.all(Array.from({ length: Number(values.concurrency) }, lane));
const ms = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
transport.close();
process.stdout.write(JSON.stringify({ ms, cpuMs: (user + system) / 1000 }) + "\n");
