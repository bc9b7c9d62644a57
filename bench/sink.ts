import { createServer, type Socket } from "node:net";

// The dispatch benchmark's SMTP server. smtp-server spent more CPU per message
// than the senders did, so on a two-core machine both the dispatch and the bare
// loop measured the sink. This one speaks just enough SMTP for a real client
// (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, pipelined or not), accepts
// everything and counts; it keeps a message only for a caller that asks.

export type SinkMessage = { from: string; to: string[]; data: Buffer };

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const LINE_START_DOT = Buffer.from("\r\n.");
const END_OF_DATA = Buffer.from(".\r\n");
const MAX_COMMAND = 4096;
const EHLO_REPLY = "250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n";

/**
 * One connection's SMTP conversation: `feed` takes the bytes as they arrive,
 * in chunks cut anywhere, and returns the replies to send.
 */
export class SinkSession {
  readonly greeting = "220 sink ESMTP\r\n";
  closed = false;
  private greeted = false;
  private from: string | null = null;
  private to: string[] = [];
  private inData = false;
  /** DATA only: the next byte begins a line (the reply to DATA counts as one). */
  private lineStart = true;
  /** Bytes that cannot be judged before more arrive: a partial command, "\r", "." or ".\r". */
  private pending: Buffer = Buffer.alloc(0);
  private kept: Buffer[] = [];

  /** With `keepData` false (the benchmark), each message's `data` is empty and nothing is copied. */
  constructor(
    private readonly onMessage: (message: SinkMessage) => void,
    private readonly keepData = false,
  ) {}

  feed(chunk: Buffer): string {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    let replies = "";
    while (buf.length > 0 && !this.closed) {
      if (this.inData) {
        const rest = this.readData(buf);
        if (rest === null) break;
        replies += "250 Accepted\r\n";
        buf = rest;
        continue;
      }
      const eol = buf.indexOf(LF);
      if (eol === -1) {
        if (buf.length > MAX_COMMAND) {
          this.closed = true;
          return replies + "500 Line too long\r\n";
        }
        this.pending = Buffer.from(buf);
        break;
      }
      const line = buf.toString("latin1", 0, eol > 0 && buf[eol - 1] === CR ? eol - 1 : eol);
      buf = buf.subarray(eol + 1);
      replies += this.command(line);
    }
    return replies;
  }

  private command(line: string): string {
    const verb = line.slice(0, 4).toUpperCase();
    const arg = line.slice(4);
    switch (verb) {
      case "EHLO":
      case "HELO":
        this.greeted = true;
        this.reset();
        return verb === "EHLO" ? EHLO_REPLY : "250 sink\r\n";
      case "MAIL":
        if (!this.greeted || this.from !== null) return "503 Bad sequence of commands\r\n";
        if (!/^ FROM:/i.test(arg)) return "501 Syntax: MAIL FROM:<address>\r\n";
        this.from = arg.slice(6).trim();
        return "250 OK\r\n";
      case "RCPT":
        if (this.from === null) return "503 Bad sequence of commands\r\n";
        if (!/^ TO:/i.test(arg)) return "501 Syntax: RCPT TO:<address>\r\n";
        this.to.push(arg.slice(4).trim());
        return "250 OK\r\n";
      case "DATA":
        if (this.to.length === 0) return "503 Bad sequence of commands\r\n";
        this.inData = true;
        this.lineStart = true;
        return "354 End data with <CR><LF>.<CR><LF>\r\n";
      case "RSET":
        this.reset();
        return "250 OK\r\n";
      case "NOOP":
        return "250 OK\r\n";
      case "QUIT":
        this.closed = true;
        return "221 Bye\r\n";
      default:
        return "502 Command not implemented\r\n";
    }
  }

  private reset() {
    this.from = null;
    this.to = [];
  }

  /**
   * Reads message bytes, dot-unstuffed, up to the line holding a lone dot:
   * returns what follows it, or null when the chunk ended first. Only lines
   * that begin with a dot need a look, so the search jumps from one "\r\n."
   * to the next.
   */
  private readData(buf: Buffer): Buffer | null {
    let pos = 0;
    for (;;) {
      if (this.lineStart) {
        const left = buf.length - pos;
        if (left < END_OF_DATA.length && buf.subarray(pos).equals(END_OF_DATA.subarray(0, left))) {
          this.pending = Buffer.from(buf.subarray(pos));
          return null;
        }
        if (buf[pos] === DOT && buf[pos + 1] === CR && buf[pos + 2] === LF) {
          this.endMessage();
          return buf.subarray(pos + END_OF_DATA.length);
        }
        if (buf[pos] === DOT) pos++;
        this.lineStart = false;
      }
      const next = buf.indexOf(LINE_START_DOT, pos);
      if (next !== -1) {
        this.keep(buf.subarray(pos, next + 2));
        pos = next + 2;
        this.lineStart = true;
        continue;
      }
      // No line in the rest begins with a dot; its end may still begin one.
      const end = buf.length;
      if (buf[end - 1] === CR) {
        this.keep(buf.subarray(pos, end - 1));
        this.pending = Buffer.from([CR]);
      } else {
        this.keep(buf.subarray(pos));
        this.lineStart = end - pos >= 2 && buf[end - 2] === CR && buf[end - 1] === LF;
      }
      return null;
    }
  }

  private keep(bytes: Buffer) {
    if (this.keepData && bytes.length > 0) this.kept.push(Buffer.from(bytes));
  }

  private endMessage() {
    this.inData = false;
    this.onMessage({ from: this.from!, to: this.to, data: Buffer.concat(this.kept) });
    this.kept = [];
    this.reset();
  }
}

/**
 * Listens on a free local port. `count` is how many messages were accepted,
 * `bytesIn` how many bytes arrived (a test can wait for a chunk to be read);
 * `onMessage`, when given, gets each message as received.
 */
export async function startSink(options: { onMessage?: (message: SinkMessage) => void } = {}) {
  let count = 0;
  let bytesIn = 0;
  const sockets = new Set<Socket>();
  const onMessage = (message: SinkMessage) => {
    count++;
    options.onMessage?.(message);
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const session = new SinkSession(onMessage, options.onMessage !== undefined);
    socket.write(session.greeting);
    socket.on("data", (chunk: Buffer) => {
      bytesIn += chunk.length;
      const replies = session.feed(chunk);
      if (replies) socket.write(replies);
      if (session.closed) socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => count,
    bytesIn: () => bytesIn,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
