import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { webConsole } from "./webConsole.js";

/** The console's pages come from its build; API paths are never answered with the page. */
describe("the web console's files", () => {
  it("answers the app's page at its paths, hashed assets for a year, and nothing else", async () => {
    const dir = await mkdtemp(join(tmpdir(), "alliance-web-"));
    await mkdir(join(dir, "assets"));
    await writeFile(join(dir, "index.html"), "<!doctype html><title>console</title>");
    await writeFile(join(dir, "assets", "index-abc.js"), "console.log(1)");
    const app = express().use(webConsole(dir));
    for (const path of ["/", "/verify", "/console", "/console/batches", "/console/a/b"]) {
      const page = await request(app).get(path).expect(200);
      expect(page.text).toContain("<title>console</title>");
      expect(page.headers["cache-control"]).toBe("no-cache");
    }
    const asset = await request(app).get("/assets/index-abc.js").expect(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    for (const path of ["/members", "/verify/x", "/assets/missing.js", "/consoles"])
      await request(app).get(path).expect(404);
  });

  it("says how to build the console when it is not built", async () => {
    const app = express().use(webConsole(null));
    const page = await request(app).get("/").expect(503);
    expect(page.text).toContain("npm run build:web");
  });
});
