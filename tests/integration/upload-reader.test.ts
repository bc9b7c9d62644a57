import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { displayFileName, parseDisposition } from "~/utils/content-disposition";
import { MalformedUpload, saveUploadedFile, UploadTooLarge } from "~/utils/upload.server";

const directory = mkdtempSync(join(tmpdir(), "tactful-upload-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The bytes a browser sends for this form, as a real Request does (undici's FormData encoder). */
async function encoded(form: FormData) {
  const request = new Request("http://tactful.test/", { method: "POST", body: form });
  return { type: request.headers.get("Content-Type")!, bytes: Buffer.from(await request.arrayBuffer()) };
}

/** A Request whose body arrives in pieces of `size` bytes, so delimiters fall across them. */
function trickled({ type, bytes }: { type: string; bytes: Buffer }, size: number) {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)));
      at += size;
    },
  });
  return new Request("http://tactful.test/", {
    method: "POST",
    body,
    headers: { "Content-Type": type },
    duplex: "half",
  } as RequestInit);
}

const options = { directory, field: "file", maxBytes: 1024 * 1024 };

describe("the upload reader", () => {
  const content = Buffer.from(`Email,First Name\r\n${"ann@lee.io,Ann\r\n".repeat(2000)}--not-a-boundary\r\n`);

  it.each([1, 70, 4096, 1 << 20])(
    "saves the file whole when the body arrives in %i-byte pieces",
    async (size) => {
      const form = new FormData();
      form.append("note", "a field before the file");
      form.append("file", new File([content], "Kunden;übersicht=2025.csv"));
      form.append("after", "and one after");
      const saved = await saveUploadedFile(trickled(await encoded(form), size), options);
      expect(saved).toMatchObject({ fileName: "Kunden;übersicht=2025.csv", size: content.length });
      expect(readFileSync(saved!.path).equals(content)).toBe(true);
    },
  );

  it("refuses a file over the limit and leaves nothing on disk", async () => {
    const before = readdirSync(directory).length;
    const form = new FormData();
    form.append("file", new File([Buffer.alloc(2 * 1024 * 1024, "a")], "big.csv"));
    await expect(saveUploadedFile(trickled(await encoded(form), 65536), options)).rejects.toThrow(
      UploadTooLarge,
    );
    expect(readdirSync(directory).length).toBe(before);
  });

  it("refuses a body cut short and leaves nothing on disk", async () => {
    const before = readdirSync(directory).length;
    const form = new FormData();
    form.append("file", new File([content], "cut.csv"));
    const { type, bytes } = await encoded(form);
    const cut = { type, bytes: bytes.subarray(0, bytes.length - 100) };
    await expect(saveUploadedFile(trickled(cut, 4096), options)).rejects.toThrow(MalformedUpload);
    expect(readdirSync(directory).length).toBe(before);
  });

  it("is null when the form has no file", async () => {
    const form = new FormData();
    form.append("file", "just text");
    expect(await saveUploadedFile(trickled(await encoded(form), 4096), options)).toBeNull();
  });
});

describe("file names in Content-Disposition", () => {
  it("reads quoted names holding ; and =, escaped quotes and RFC 5987 names", () => {
    expect(parseDisposition('form-data; name="file"; filename="a;b=c.csv"')).toEqual({
      name: "file",
      filename: "a;b=c.csv",
    });
    expect(parseDisposition('form-data; name="file"; filename="the %22good%22 one.csv"').filename).toBe(
      'the "good" one.csv',
    );
    expect(parseDisposition('form-data; name="file"; filename="say \\"hi\\".csv"').filename).toBe(
      'say "hi".csv',
    );
    expect(parseDisposition("form-data; name=file; filename*=UTF-8''%E9%A1%A7%E5%AE%A2.csv").filename).toBe(
      "顧客.csv",
    );
    expect(parseDisposition('form-data; name="file"; filename="100%.csv"').filename).toBe("100%.csv");
    expect(parseDisposition('form-data; name="note"').filename).toBeUndefined();
  });

  it("shows a name without its folder or characters that hide what it is", () => {
    expect(displayFileName("C:\\Users\\ann\\Kunden.csv")).toBe("Kunden.csv");
    expect(displayFileName("invoice\u202Evsc.exe")).toBe("invoicevsc.exe");
    expect(displayFileName("line\r\nbreak.csv")).toBe("linebreak.csv");
    expect(displayFileName("   ")).toBe("upload.csv");
    expect(Array.from(displayFileName("顧".repeat(500)))).toHaveLength(200);
  });
});
