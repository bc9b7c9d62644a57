import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Socket } from "node:net";
import {
  classifySmtpError,
  connectSocket,
  createMailer,
  type OutgoingMail,
} from "../../jobs/dispatch/mailer";
import { freePort } from "../../scripts/redis";
import { startTestSmtp } from "../setup/dispatch";

const mail = (i: number): OutgoingMail => ({
  from: { name: "Shop", address: "hello@shop.example" },
  to: `reader${i}@mail.example`,
  subject: `Hello ${i}`,
  text: "Hi\n".repeat(200),
  html: "<p>Hi</p>".repeat(200),
  messageId: `<socket-${i}@shop.example>`,
  date: new Date(),
  listId: "<campaign-1.shop.shop.example>",
  listUnsubscribe: "https://shop.example/u/1",
});

const LISTENED = ["timeout", "error", "close", "end", "data"] as const;
const listenerCounts = (socket: Socket) => LISTENED.map((event) => socket.listenerCount(event));

describe("the mailer's SMTP connection", () => {
  it("sends one message after another without waiting for delayed ACKs, and adds no listener per message", async () => {
    const smtp = await startTestSmtp();
    const mailer = createMailer(smtp.url, { maxConnections: 1 });
    // Every TCP client socket the process opens meanwhile.
    const sockets: Socket[] = [];
    const opened = (message: unknown) => sockets.push((message as { socket: Socket }).socket);
    subscribe("net.client.socket", opened);
    try {
      const latencies: number[] = [];
      let afterFirst: number[] = [];
      for (let i = 0; i < 30; i++) {
        const started = performance.now();
        await mailer.send(mail(i));
        latencies.push(performance.now() - started);
        if (i === 0) afterFirst = listenerCounts(sockets[0]);
      }

      expect(smtp.received).toHaveLength(30);
      expect(sockets).toHaveLength(1);
      // Without TCP_NODELAY each message's last packet waits for the server's
      // delayed ACK, at least 40 ms on Linux; on loopback a message takes a
      // millisecond or two.
      const median = [...latencies].sort((a, b) => a - b)[15];
      expect(median).toBeLessThan(20);
      expect(listenerCounts(sockets[0])).toEqual(afterFirst);
      expect(sockets[0].listenerCount("timeout")).toBeLessThanOrEqual(1);
    } finally {
      unsubscribe("net.client.socket", opened);
      mailer.close();
      await smtp.stop();
    }
  });

  it("hands a refused connection's error to nodemailer, which reports the server unreachable", async () => {
    const port = await freePort();
    const refused = await new Promise<Error | null>((resolve) =>
      connectSocket({ host: "127.0.0.1", port, timeoutMs: 5_000 }, (error) => resolve(error)),
    );
    expect(refused).toMatchObject({ code: "ECONNREFUSED" });

    const mailer = createMailer(`smtp://127.0.0.1:${port}`);
    try {
      const error = await mailer.send(mail(0)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(classifySmtpError(error).kind).toBe("unreachable");
    } finally {
      mailer.close();
    }
  });
});
