// The HTTP server: Express in front of the Remix app. It validates the configuration, applies
// the database's migrations and starts the email worker (through the app's server entry, so
// the app keeps one database connection), then serves requests with the protections in
// security.ts.
import { createRequestHandler } from "@remix-run/express";
import type { ActionFunction, LoaderFunction, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, parseConfig } from "../app/config.server";
import { bodyRefusal, isCrossSiteWrite, newNonce, securityHeaders } from "./security";

type AppBuild = ServerBuild & {
  entry: {
    module: {
      startBackgroundWork(): Promise<{ stop(): Promise<void>; driver: string }>;
      databaseUnavailableCode(error: unknown): string | null;
    };
  };
};

function loadConfig() {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfig();
if (config.NODE_ENV === "production" && !config.APP_URL) {
  console.warn(`APP_URL is not set: links in emails will point at http://localhost:${config.PORT}`);
}
const development = config.NODE_ENV === "development";
const production = config.NODE_ENV === "production";

const viteDevServer = development
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

async function loadBuild(): Promise<AppBuild> {
  if (viteDevServer) return (await viteDevServer.ssrLoadModule("virtual:remix/server-build")) as AppBuild;
  // From the working directory, as the static files are: this file also runs compiled, from
  // build/express (see vite.server.config.ts).
  return (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as AppBuild;
}

/**
 * The build with every loader and action answering 503 when the database cannot be reached, rather
 * than failing with a 500: the route's error boundary then says the service is unavailable and to
 * try again, and data requests and resource routes (/healthz, CSV files) get the same status. The
 * database driver reconnects by itself, so the first request after the outage works again.
 */
function answeringOutages(build: AppBuild): AppBuild {
  const { databaseUnavailableCode } = build.entry.module;
  const guarded = <F extends LoaderFunction | ActionFunction>(handler: F | undefined): F | undefined =>
    handler &&
    ((async (args: Parameters<F>[0]) => {
      try {
        return await handler(args);
      } catch (error) {
        const code = databaseUnavailableCode(error);
        if (!code) throw error;
        const { pathname } = new URL(args.request.url);
        console.error(`[database] unavailable (${code}): answered 503 to ${args.request.method} ${pathname}`);
        throw new Response("Sorry, the service is unavailable. Try again in a few minutes.", {
          status: 503,
          headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "30", "Cache-Control": "no-store" },
        });
      }
    }) as F);
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { module } = route;
    routes[id] = { ...route, module: { ...module, loader: guarded(module.loader), action: guarded(module.action) } };
  }
  return { ...build, routes };
}

const background = await (await loadBuild()).entry.module.startBackgroundWork();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", config.TRUST_PROXY);
app.use(compression());

app.use((req, res, next) => {
  const nonce = newNonce();
  res.locals.cspNonce = nonce;
  for (const [name, value] of Object.entries(securityHeaders(nonce, { production, development }))) {
    res.setHeader(name, value);
  }
  next();
});

function refuse(res: Response, status: number, title: string, message: string) {
  res
    .status(status)
    .type("html")
    .send(
      `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${message}</p><p><a href="/">Go to the home page</a></p></body></html>`,
    );
}

app.use((req, res, next) => {
  const ownOrigin = `${req.protocol}://${req.get("host") ?? ""}`;
  if (
    isCrossSiteWrite({
      method: req.method,
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
      ownOrigin,
    })
  ) {
    refuse(res, 403, "Request refused", "This form was sent from another website, so it has not been accepted.");
    return;
  }
  const refusal = bodyRefusal({
    method: req.method,
    path: req.path,
    contentLength: req.get("content-length"),
    transferEncoding: req.get("transfer-encoding"),
    contentType: req.get("content-type"),
  });
  if (refusal) {
    refuse(res, refusal.status, refusal.title, refusal.message);
    return;
  }
  next();
});

// The NHS.UK stylesheet refers to its icons at /assets/images; browsers ask for /favicon.ico.
const nhsukImages = path.resolve("node_modules/nhsuk-frontend/dist/nhsuk/assets/images");
app.use("/assets/images", express.static(nhsukImages, { maxAge: "1d" }));
app.get("/favicon.ico", (_req, res) => res.sendFile(path.join(nhsukImages, "favicon.ico"), { maxAge: "1d" }));

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

app.all(
  "*",
  createRequestHandler({
    build: viteDevServer ? async () => answeringOutages(await loadBuild()) : answeringOutages(await loadBuild()),
    mode: config.NODE_ENV === "production" ? "production" : "development",
    getLoadContext: (req: Request, res: Response) => ({
      cspNonce: res.locals.cspNonce as string,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    }),
  }),
);

// Last resort for errors outside Remix's own boundaries: a friendly page, no internals.
app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  console.error(error);
  if (res.headersSent) return;
  refuse(res, 500, "Sorry, there is a problem with the service", "Try again later.");
});

const server = app.listen(config.PORT, config.HOST, () => {
  const shown = config.HOST === "0.0.0.0" ? "localhost" : config.HOST;
  console.info(`Listening on http://${shown}:${config.PORT} (database: ${background.driver})`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.info(`${signal}: finishing requests and closing the database`);
  server.close();
  await background.stop();
  await viteDevServer?.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
