// Renders each document request as a stream, with the response's CSP nonce on every script.
import { PassThrough } from "node:stream";
import { prefixErrorTitle } from "~/services/error-title.server";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";

export { startBackgroundWork } from "~/startup.server";
// For the HTTP server, which turns these errors into a 503 (server/index.ts), with the same code the app uses.
export { databaseUnavailableCode } from "~/db/client.server";

const ABORT_DELAY = 5_000;
const FORM_ERROR_STATUSES = new Set([400, 409]);

export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  // Bots and crawlers get the whole page at once; people get it as it streams.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          // A form sent back with its errors (400, 409): the service manual's "Error: " goes before
          // the title here too, for people without JavaScript, whose browser shows this page as is.
          const body = FORM_ERROR_STATUSES.has(responseStatusCode) ? prefixErrorTitle() : new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged here; before it, Remix logs them itself.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}
