// The service manual puts "Error: " before a page's title while it shows errors. With JavaScript
// the error summary does it; this does it in the HTML for a form sent back with its errors.
import { Transform } from "node:stream";

/** Puts "Error: " at the start of the document's first <title>; passes everything else through. */
export function prefixErrorTitle(): Transform {
  const open = Buffer.from("<title>");
  const prefix = Buffer.from("Error: ");
  let done = false;
  // Bytes held back while "<title>" may still be split across two chunks. Working on bytes, not
  // text, keeps a character split between chunks intact.
  let pending = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (done) return callback(null, chunk);
      pending = Buffer.concat([pending, chunk]);
      const at = pending.indexOf(open);
      if (at < 0) {
        const keep = Math.min(pending.length, open.length - 1);
        const out = pending.subarray(0, pending.length - keep);
        pending = pending.subarray(pending.length - keep);
        return callback(null, out);
      }
      done = true;
      const end = at + open.length;
      const after = pending.subarray(end);
      const out = after.subarray(0, prefix.length).equals(prefix)
        ? pending
        : Buffer.concat([pending.subarray(0, end), prefix, after]);
      pending = Buffer.alloc(0);
      callback(null, out);
    },
    flush(callback) {
      callback(null, pending);
    },
  });
}
