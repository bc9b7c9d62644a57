import { connect, createServer, type Server } from "node:net";
import nodemailer from "nodemailer";
import { startSink, type SinkMessage } from "../../bench/sink";

// The benchmark's SMTP sink against a real client, over real sockets.

const DOTTED = [
  "From: shop@shop.example",
  "To: reader@mail.example",
  "Subject: dots",
  "",
  "A line.",
  ".A line that begins with a dot",
  "..two dots",
  ".",
  "The line above held a lone dot; the message goes on.",
  "",
].join("\r\n");

const plain = (i: number) =>
  `From: shop@shop.example\r\nTo: reader${i}@mail.example\r\nSubject: ${i}\r\n\r\nHello ${i}\r\n`;

const transportTo = (port: number) =>
  nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });

/**
 * A relay that hands the sink what the client writes one byte at a time,
 * each byte read by the sink before the next is sent: every boundary, the
 * end-of-data line's included, falls between two chunks.
 */
async function byteByByteRelay(sink: Awaited<ReturnType<typeof startSink>>, sinkPort: number) {
  let forwarded = 0;
  const relay: Server = createServer((client) => {
    const upstream = connect(sinkPort, "127.0.0.1");
    upstream.pipe(client);
    let queue = Promise.resolve();
    client.on("data", (chunk: Buffer) => {
      queue = queue.then(async () => {
        for (const byte of chunk) {
          upstream.write(Buffer.from([byte]));
          forwarded++;
          const deadline = Date.now() + 5_000;
          while (sink.bytesIn() < forwarded && Date.now() < deadline) await new Promise(setImmediate);
        }
      });
    });
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  return { port: (relay.address() as { port: number }).port, close: () => relay.close() };
}

describe("the benchmark's SMTP sink", () => {
  it("receives real mail from nodemailer, dot-stuffed lines restored, and counts it", async () => {
    const received: SinkMessage[] = [];
    const sink = await startSink({ onMessage: (m) => received.push(m) });
    const transport = transportTo(Number(new URL(sink.url).port));
    try {
      await transport.sendMail({
        envelope: { from: "shop@shop.example", to: ["reader@mail.example"] },
        raw: DOTTED,
      });
      for (let i = 0; i < 3; i++)
        await transport.sendMail({
          envelope: { from: "shop@shop.example", to: [`reader${i}@mail.example`] },
          raw: plain(i),
        });

      expect(sink.count()).toBe(4);
      expect(received[0].data.toString()).toBe(DOTTED);
      expect(received[0].from).toBe("<shop@shop.example>");
      expect(received[0].to).toEqual(["<reader@mail.example>"]);
      expect(received.slice(1).map((m) => m.data.toString())).toEqual([0, 1, 2].map(plain));
    } finally {
      transport.close();
      await sink.stop();
    }
  });

  it("finds the end of the data and unstuffs dots when every byte arrives in a chunk of its own", async () => {
    const received: SinkMessage[] = [];
    const sink = await startSink({ onMessage: (m) => received.push(m) });
    const relay = await byteByByteRelay(sink, Number(new URL(sink.url).port));
    const transport = transportTo(relay.port);
    try {
      await transport.sendMail({
        envelope: { from: "shop@shop.example", to: ["reader@mail.example"] },
        raw: DOTTED,
      });
      await transport.sendMail({
        envelope: { from: "shop@shop.example", to: ["reader1@mail.example"] },
        raw: plain(1),
      });

      expect(received.map((m) => m.data.toString())).toEqual([DOTTED, plain(1)]);
      expect(sink.count()).toBe(2);
    } finally {
      transport.close();
      relay.close();
      await sink.stop();
    }
  });

  it("answers pipelined commands in order and refuses them out of sequence", async () => {
    const sink = await startSink();
    const socket = connect(Number(new URL(sink.url).port), "127.0.0.1");
    let replies = "";
    socket.on("data", (chunk: Buffer) => (replies += chunk.toString()));
    const closed = new Promise((resolve) => socket.on("close", resolve));
    socket.write(
      [
        "MAIL FROM:<early@shop.example>",
        "HELO client.example",
        "RCPT TO:<nobody@mail.example>",
        "MAIL FROM:<shop@shop.example>",
        "DATA",
        "RCPT TO:<reader@mail.example>",
        "RSET",
        "DATA",
        "NOOP",
        "EHLO client.example",
        "MAIL FROM:<shop@shop.example>",
        "RCPT TO:<reader@mail.example>",
        "DATA",
        "Hi",
        ".",
        "QUIT",
        "",
      ].join("\r\n"),
    );
    await closed;
    const codes = replies
      .split("\r\n")
      .filter((line) => /^\d{3} /.test(line))
      .map((line) => line.slice(0, 3));
    expect(codes).toEqual([
      "220",
      "503",
      "250",
      "503",
      "250",
      "503",
      "250",
      "250",
      "503",
      "250",
      "250",
      "250",
      "250",
      "354",
      "250",
      "221",
    ]);
    expect(sink.count()).toBe(1);
    await sink.stop();
  });
});
