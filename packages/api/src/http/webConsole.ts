import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import express, { type Router } from "express";

/** The console's screens: their paths answer the app's page, which routes itself in the browser. */
export const PAGES = ["/", "/verify", "/console", "/console/*path"];

/** Where @alliance-ledger/web's build is, if it is installed and built. */
export function webConsoleDir(): string | undefined {
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve("@alliance-ledger/web/package.json")), "dist");
    return existsSync(join(dir, "index.html")) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The console and the public verifier page (packages/web's build), served by the gateway itself: no
 * CDN, works offline. Hashed assets are cached for a year; the page itself never, so an upgrade shows
 * at the next load. Without a build, `/` says how to make one instead of a bare 404.
 */
export function webConsole(buildDir?: string | null): Router {
  // undefined: the installed build; null: none (a test of the fallback).
  const dir = buildDir === undefined ? webConsoleDir() : (buildDir ?? undefined);
  const router = express.Router();
  if (!dir) {
    router.get(PAGES, (_req, res) => {
      res
        .status(503)
        .type("html")
        .send(
          `<!doctype html><html lang="en"><meta charset="utf-8"><title>Alliance Ledger</title><h1>The console is not built</h1><p>Run <code>npm run build:web</code> (npm ci does it), then reload. The API is at <a href="/docs">/docs</a>.</p></html>`,
        );
    });
    return router;
  }
  router.use("/assets", express.static(join(dir, "assets"), { index: false, immutable: true, maxAge: "365d" }));
  router.get(PAGES, (_req, res) => {
    res.setHeader("cache-control", "no-cache");
    res.sendFile(join(dir, "index.html"));
  });
  return router;
}
