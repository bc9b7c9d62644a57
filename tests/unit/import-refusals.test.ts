import { sniff } from "../../jobs/import/read";
import { parserRefusal, sampleProblem, UnreadableFile } from "../../jobs/import/refusals";

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);

describe("what the reader refuses, from a file's first bytes", () => {
  it("names workbooks, old and new, and binary data", () => {
    expect(sampleProblem(Buffer.from("PK\u0003\u0004\u0014\u0000"), "windows-1252")).toMatch(/workbook/);
    expect(sampleProblem(Buffer.from("d0cf11e0a1b11ae10000", "hex"), "windows-1252")).toMatch(/workbook/);
    expect(sampleProblem(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), "windows-1252")).toMatch(
      /NUL bytes/,
    );
    expect(sampleProblem(Buffer.alloc(0), "utf-8")).toBe("This file is empty.");
    expect(sampleProblem(Buffer.from("Email,Name\n"), "utf-8")).toBeNull();
  });

  it("tells UTF-16 without a byte-order mark from binary data", () => {
    const text = "Email\tFirst Name\r\nann@lee.io\tAnn\r\n";
    expect(sampleProblem(Buffer.from(text, "utf16le"), "windows-1252")).toMatch(
      /UTF-16 without a byte-order mark/,
    );
    expect(sampleProblem(Buffer.from(text, "utf16le").swap16(), "windows-1252")).toMatch(
      /UTF-16 without a byte-order mark/,
    );
    expect(sampleProblem(utf16le(text), "utf-16le")).toBeNull();
  });

  it("reads the header of UTF-16 in either byte order", () => {
    const le = utf16le("Email\tVorname\r\nann@lee.io\tÄnn\r\n");
    expect(sniff(le)).toEqual({ encoding: "utf-16le", delimiter: "\t", header: ["Email", "Vorname"] });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("Email;Name\n", "utf16le").swap16()]);
    expect(sniff(be)).toEqual({ encoding: "utf-16be", delimiter: ";", header: ["Email", "Name"] });
  });

  it("refuses a header whose quote never closes, and NUL bytes in UTF-16", () => {
    expect(() => sniff(Buffer.from('"Email,Name'))).toThrow(
      /Line 1 opens a quoted value that is never closed/,
    );
    expect(() => sniff(utf16le("Email\u0000,Name\n"))).toThrow(/Line 1 holds a NUL byte/);
  });

  it("leaves errors that are not the file's fault as they are", () => {
    const disk = Object.assign(new Error("EIO: i/o error"), { code: "EIO" });
    expect(parserRefusal(disk, 3)).toBe(disk);
    expect(parserRefusal(Object.assign(new Error("x"), { code: "CSV_QUOTE_NOT_CLOSED" }), 3)).toBeInstanceOf(
      UnreadableFile,
    );
  });
});
