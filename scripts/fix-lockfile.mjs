#!/usr/bin/env node
// Restores the lockfile entries of Hardhat EDR's other-platform packages after `npm install`.
//
// Why: the package registry these machines use lacks those packages at the version Hardhat pins, so
// `npm install` leaves them out of package-lock.json, and `npm ci` then refuses the lockfile as out of
// sync. npm never installs them on Linux x64 (their os/cpu do not match), so an entry with the
// version and platform fields is all `npm ci` needs. Run: `npm run lockfile:fix`.
import { readFileSync, writeFileSync } from "node:fs";

const LOCKFILE = new URL("../package-lock.json", import.meta.url);
const PLATFORMS = {
  "darwin-arm64": { cpu: ["arm64"], os: ["darwin"] },
  "darwin-x64": { cpu: ["x64"], os: ["darwin"] },
  "linux-arm64-gnu": { cpu: ["arm64"], os: ["linux"], libc: ["glibc"] },
  "linux-arm64-musl": { cpu: ["arm64"], os: ["linux"], libc: ["musl"] },
  "linux-x64-gnu": { cpu: ["x64"], os: ["linux"], libc: ["glibc"] },
  "linux-x64-musl": { cpu: ["x64"], os: ["linux"], libc: ["musl"] },
  "win32-x64-msvc": { cpu: ["x64"], os: ["win32"] },
};

const lock = JSON.parse(readFileSync(LOCKFILE, "utf8"));
const edr = lock.packages["node_modules/@nomicfoundation/edr"];
if (!edr) throw new Error("package-lock.json has no @nomicfoundation/edr entry: run npm install first");

let added = 0;
for (const [name, version] of Object.entries(edr.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const platform = PLATFORMS[name.replace("@nomicfoundation/edr-", "")];
  if (!platform) throw new Error(`unknown EDR platform package ${name}`);
  lock.packages[key] = { version, dev: true, optional: true, license: "MIT", ...platform, engines: edr.engines };
  added += 1;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b, "en"))); // npm's order
writeFileSync(LOCKFILE, JSON.stringify(lock, null, 2) + "\n");
console.log(added ? `added ${added} EDR platform entries to package-lock.json` : "package-lock.json already complete");
