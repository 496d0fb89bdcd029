// A small reader for the plain-text messages the app sends through nodemailer, so the tests need
// no mail-parsing package. nodemailer writes one text/plain part, quoted-printable when a line
// is long or not ASCII (so the links in emails arrive with `=3D` for `=` and soft line breaks).

export interface ReceivedEmail {
  /** The SMTP envelope's recipients, lower case. */
  to: string[];
  subject: string;
  text: string;
}

function splitHeadersAndBody(raw: string): { headers: Map<string, string>; body: string } {
  const normalised = raw.replace(/\r\n/g, "\n");
  const end = normalised.indexOf("\n\n");
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const body = end === -1 ? "" : normalised.slice(end + 2);
  const headers = new Map<string, string>();
  // A header continues on lines that start with white space ("folding").
  const unfolded = head.replace(/\n[ \t]+/g, " ");
  for (const line of unfolded.split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function charsetOf(contentType: string | undefined): BufferEncoding {
  const charset = /charset="?([^";\s]+)"?/i.exec(contentType ?? "")?.[1]?.toLowerCase() ?? "utf-8";
  return charset === "us-ascii" || charset === "ascii"
    ? "ascii"
    : charset === "iso-8859-1" || charset === "latin1"
      ? "latin1"
      : "utf8";
}

/** Quoted-printable to bytes; `input` holds one character per byte (latin1). */
export function decodeQuotedPrintable(input: string): Buffer {
  const withoutSoftBreaks = input.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < withoutSoftBreaks.length; i++) {
    const char = withoutSoftBreaks[i]!;
    const hex = withoutSoftBreaks.slice(i + 1, i + 3);
    if (char === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(char.charCodeAt(0) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeBody(body: string, transferEncoding: string | undefined, contentType: string | undefined): string {
  const encoding = (transferEncoding ?? "7bit").toLowerCase();
  const charset = charsetOf(contentType);
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body).toString(charset);
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString(charset);
  // 7bit or 8bit: the bytes as they came.
  return Buffer.from(body, "latin1").toString(charset);
}

/** Decodes RFC 2047 encoded words, as in `Subject: =?UTF-8?Q?Caf=C3=A9?=`. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, charset: string, kind: string, text: string) => {
      const encoding = charsetOf(`charset=${charset}`);
      if (kind.toUpperCase() === "B") return Buffer.from(text, "base64").toString(encoding);
      return decodeQuotedPrintable(text.replace(/_/g, " ")).toString(encoding);
    });
}

/** The text of a message: its own body, or its first text/plain part when it is multipart. */
function textOf(headers: Map<string, string>, body: string): string {
  const contentType = headers.get("content-type");
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
  if (contentType?.toLowerCase().startsWith("multipart/") && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith("--")) break;
      const parsed = splitHeadersAndBody(part.replace(/^\n/, ""));
      const partType = parsed.headers.get("content-type") ?? "text/plain";
      if (partType.toLowerCase().startsWith("text/plain") || partType.toLowerCase().startsWith("multipart/")) {
        return textOf(parsed.headers, parsed.body);
      }
    }
    return "";
  }
  return decodeBody(body, headers.get("content-transfer-encoding"), contentType);
}

/** Reads a message as received over SMTP (its bytes; headers in UTF-8 where not encoded words). */
export function parseRawEmail(raw: Buffer, envelopeRecipients: string[]): ReceivedEmail {
  // Read byte for byte (latin1) so that each body encoding can decode its own bytes.
  const { headers: rawHeaders, body } = splitHeadersAndBody(raw.toString("latin1"));
  const headers = new Map(
    [...rawHeaders].map(([name, value]) => [name, Buffer.from(value, "latin1").toString("utf8")]),
  );
  const headerRecipients = (headers.get("to") ?? "")
    .split(",")
    .map((part) => (/<([^>]+)>/.exec(part)?.[1] ?? part).trim())
    .filter(Boolean);
  const to = (envelopeRecipients.length > 0 ? envelopeRecipients : headerRecipients).map((address) =>
    address.toLowerCase(),
  );
  return {
    to,
    subject: decodeEncodedWords(headers.get("subject") ?? ""),
    text: textOf(headers, body).replace(/\n$/, ""),
  };
}
