import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The console and the verifier page, built to dist/ for the gateway to serve (nothing loaded from the internet). */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The build prints every chunk with its gzipped size; scripts/reportBundle.ts checks the 250 KB budget.
    reportCompressedSize: true,
    manifest: true,
  },
  server: { proxy: { "^/(?!src/|@|node_modules/|assets/).+": "http://127.0.0.1:3000" } },
});
