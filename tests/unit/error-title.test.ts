import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { prefixErrorTitle } from "~/services/error-title.server";

async function through(chunks: string[]): Promise<string> {
  const out: Buffer[] = [];
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk))).pipe(prefixErrorTitle());
  for await (const chunk of stream) out.push(chunk as Buffer);
  return Buffer.concat(out).toString("utf8");
}

describe("the Error: title prefix", () => {
  it("prefixes the first title only, even when <title> is split across chunks", async () => {
    expect(await through(["<html><head><ti", "tle>Your entry</title></head><title>x</title>"])).toBe(
      "<html><head><title>Error: Your entry</title></head><title>x</title>",
    );
  });

  it("does not prefix twice, and keeps a character split between chunks", async () => {
    const sian = Buffer.from("Siân");
    const html = Buffer.concat([Buffer.from("<title>Error: "), sian, Buffer.from("</title>")]);
    const cut = html.length - 9;
    const out: Buffer[] = [];
    const stream = Readable.from([html.subarray(0, cut), html.subarray(cut)]).pipe(prefixErrorTitle());
    for await (const chunk of stream) out.push(chunk as Buffer);
    expect(Buffer.concat(out).toString("utf8")).toBe("<title>Error: Siân</title>");
  });

  it("passes a document without a title through unchanged", async () => {
    expect(await through(["<p>no ", "title here</p>"])).toBe("<p>no title here</p>");
  });
});
