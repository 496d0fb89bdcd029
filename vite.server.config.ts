// The Express server (server/index.ts) compiled to plain JavaScript, so that production runs it with
// node alone: no TypeScript loader thread in the running process, which saves about 70 MB of
// memory and some start time. Packages stay external (node_modules is there at run time); the app's
// own build is loaded from build/server at run time, not bundled in.
import { defineConfig } from "vite";

export default defineConfig({
  logLevel: "warn",
  build: {
    ssr: "server/index.ts",
    outDir: "build/express",
    emptyOutDir: true,
    target: "node20",
    rollupOptions: { output: { entryFileNames: "index.js" } },
  },
});
