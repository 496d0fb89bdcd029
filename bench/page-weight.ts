// Page weight: how much JavaScript and CSS each page makes a phone download, gzipped, read from the
// production build. A page loads the entry client and its imports, then the module, imports and CSS
// of every route from root down to it; CSS linked from a route's code (`?url` imports, as root does
// for the NHS.UK frontend styles) is found by the asset paths in that code. Sizes are gzip at the
// default level, as the server's compression sends them. Needs `npm run build` first. Whether pages
// work without JavaScript at all is covered by the end-to-end suite, not here.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Benchmark, BenchFigure } from "./result";
import { kilobytes } from "./support";

const CLIENT = path.resolve("build/client");
const SCORING_ROUTE = "routes/events.$slug.judge.$entryId";

interface ManifestModule {
  module: string;
  imports?: string[];
  css?: string[];
}
interface ManifestRoute extends ManifestModule {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
}
interface RemixManifest {
  entry: ManifestModule;
  routes: Record<string, ManifestRoute>;
}

export function clientBuildExists(): boolean {
  return existsSync(path.join(CLIENT, "assets"));
}

/** The Remix browser manifest (build/client/assets/manifest-<hash>.js) of the current build. */
function readManifest(): RemixManifest {
  const assets = path.join(CLIENT, "assets");
  const file = readdirSync(assets).find((name) => /^manifest-[\w-]+\.js$/.test(name));
  if (!file) throw new Error("No Remix manifest in build/client/assets: run `npm run build` first");
  const text = readFileSync(path.join(assets, file), "utf8");
  const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  return JSON.parse(json) as RemixManifest;
}

const gzipped = new Map<string, number>();
function gzipSize(url: string): number {
  let size = gzipped.get(url);
  if (size === undefined) {
    size = gzipSync(readFileSync(path.join(CLIENT, url))).length;
    gzipped.set(url, size);
  }
  return size;
}

/** Stylesheets a JavaScript file links to by URL. */
function linkedCss(url: string): string[] {
  const text = readFileSync(path.join(CLIENT, url), "utf8");
  return [...new Set(text.match(/\/assets\/[\w.-]+\.css/g) ?? [])];
}

export interface PageWeight {
  routeId: string;
  path: string;
  js: number;
  css: number;
  files: number;
}

/** Every route's gzipped JS and CSS, largest JS first. */
export function pageWeights(): PageWeight[] {
  const manifest = readManifest();
  const weights: PageWeight[] = [];
  for (const route of Object.values(manifest.routes)) {
    // A resource route (CSV export, /healthz, /logout) has no page: its browser module is empty.
    if (route.id !== "root" && readFileSync(path.join(CLIENT, route.module), "utf8").trim() === "") continue;
    const chain: ManifestModule[] = [];
    for (let at: ManifestRoute | undefined = route; at; at = at.parentId ? manifest.routes[at.parentId] : undefined)
      chain.unshift(at);
    const js = new Set<string>();
    const css = new Set<string>();
    for (const part of [manifest.entry, ...chain]) {
      js.add(part.module);
      for (const url of part.imports ?? []) js.add(url);
      for (const url of part.css ?? []) css.add(url);
    }
    for (const url of js) for (const sheet of linkedCss(url)) css.add(sheet);
    const sum = (urls: Set<string>) => [...urls].reduce((total, url) => total + gzipSize(url), 0);
    // A route's path is relative to its parent's, so the page's URL joins the chain's.
    const url = chain
      .map((part) => (part as ManifestRoute).path ?? "")
      .filter((segment) => segment !== "")
      .join("/");
    weights.push({
      routeId: route.id,
      path: route.id === "root" ? "(root: every page)" : `/${url}${route.index ? " (index)" : ""}`,
      js: sum(js),
      css: sum(css),
      files: js.size + css.size,
    });
  }
  return weights.sort((a, b) => b.js - a.js || a.routeId.localeCompare(b.routeId));
}

export const pageWeight: Benchmark = {
  title: "Page weight",
  async run(): Promise<BenchFigure[]> {
    if (!clientBuildExists()) throw new Error("build/client is missing: run `npm run build` first");
    const weights = pageWeights();
    const scoring = weights.find((weight) => weight.routeId === SCORING_ROUTE);
    if (!scoring) throw new Error(`Route ${SCORING_ROUTE} is not in the build's manifest`);
    const largest = weights[0]!;
    return [
      {
        name: "Judge's scoring page (/events/:slug/judge/:entryId): JavaScript, gzipped",
        value: kilobytes(scoring.js),
        target: "under 100 KB",
        met: scoring.js < 100 * 1024,
      },
      {
        name: "Judge's scoring page: CSS, gzipped",
        value: kilobytes(scoring.css),
        target: "",
        met: null,
      },
      {
        name: `Largest page's JavaScript, gzipped (${largest.path})`,
        value: kilobytes(largest.js),
        target: "under 150 KB",
        met: largest.js < 150 * 1024,
      },
      ...weights.map((weight) => ({
        name: `${weight.path}: JS + CSS gzipped (${weight.files} files)`,
        value: `${kilobytes(weight.js)} + ${kilobytes(weight.css)}`,
        target: "",
        met: null,
      })),
    ];
  },
};
