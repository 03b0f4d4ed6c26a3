#!/usr/bin/env node
// Restores the lockfile entries of native packages' other-platform builds after `npm install`.
//
// Why: the package registry these machines use lacks some of those builds (Hardhat EDR's and anvil's
// for macOS, Windows and Linux arm64), so `npm install` leaves them out of package-lock.json, and
// `npm ci` then refuses the lockfile as out of sync. npm never installs them on Linux x64 (their
// os/cpu do not match), so an entry with the version and platform fields is all `npm ci` needs.
// Run: `npm run lockfile:fix`.
import { readFileSync, writeFileSync } from "node:fs";

const LOCKFILE = new URL("../package-lock.json", import.meta.url);
const NATIVE_PACKAGES = ["@nomicfoundation/edr", "@foundry-rs/anvil"];
const CPU = { arm64: "arm64", x64: "x64", amd64: "x64", ia32: "ia32" };
const LIBC = { gnu: "glibc", musl: "musl" };

/** os, cpu and libc of a platform build, read from its name, e.g. "edr-linux-arm64-musl". */
function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => ["darwin", "linux", "win32"].includes(p));
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  const libc = parts.map((p) => LIBC[p]).find(Boolean);
  if (!os || !cpu) throw new Error(`cannot tell the platform of ${name}`);
  return { cpu: [cpu], os: [os], ...(libc ? { libc: [libc] } : {}) };
}

const lock = JSON.parse(readFileSync(LOCKFILE, "utf8"));
let added = 0;
for (const pkg of NATIVE_PACKAGES) {
  const parent = lock.packages[`node_modules/${pkg}`];
  if (!parent) continue;
  for (const [name, version] of Object.entries(parent.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    lock.packages[key] = {
      version,
      dev: true,
      optional: true,
      ...platformOf(name),
      ...(parent.engines ? { engines: parent.engines } : {}),
    };
    added += 1;
  }
}
// npm's own order, so the file diffs cleanly.
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b, "en")));
writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `added ${added} platform entries to package-lock.json` : "package-lock.json already complete");
