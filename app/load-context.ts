// What the HTTP server (server/index.ts) hands to every loader and action.
export interface HackdayLoadContext {
  /** The nonce that this response's Content-Security-Policy allows scripts with. */
  cspNonce: string;
  /** The client's address as the server sees it (after TRUST_PROXY), for rate limits. */
  clientIp: string;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends HackdayLoadContext {}
}
