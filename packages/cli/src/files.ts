import { EXIT_BAD_INPUT, fail } from "./fail.js";

/** Stops with exit code 2: `path` cannot be read (no such file, a directory, no permission). */
export function unreadable(path: string, e: NodeJS.ErrnoException): never {
  fail(
    {
      code: "file_unreadable",
      message: `cannot read ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}`,
      details: [{ file: path, ...(e.code ? { reason: e.code } : {}) }],
    },
    EXIT_BAD_INPUT,
  );
}
