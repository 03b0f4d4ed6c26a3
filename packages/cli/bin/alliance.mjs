#!/usr/bin/env node
// Runs the CLI compiled to dist/ by `npm run build:packages` (which the root postinstall runs), so no
// TypeScript is transpiled at start-up.
await import("../dist/main.js");
