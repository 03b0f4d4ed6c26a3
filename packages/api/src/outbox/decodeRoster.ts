import { Transform, type TransformCallback } from "node:stream";
import iconv from "iconv-lite";
import { DomainError } from "../errors.js";

/** Bytes looked at to tell a roster's encoding when it has no byte-order mark and names no charset. */
const SAMPLE_BYTES = 64 * 1024;

type RosterEncoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

const CHARSETS: Record<string, RosterEncoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  gbk: "gb18030", // GB18030 is a superset of GBK and GB2312, as spreadsheets in China write them
  gb2312: "gb18030",
  gb18030: "gb18030",
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
};

const unknownEncoding = (why: string) =>
  new DomainError(
    "roster_encoding_unknown",
    `The roster's text encoding could not be determined (${why}). Save it as "CSV UTF-8" (Excel, WPS) or GBK, or send Content-Type: text/csv; charset=gbk.`,
    [{ field: "body", reason: why }],
  );

/**
 * A roster's bytes as UTF-8 text, whatever a spreadsheet saved it in: UTF-8 (with or without BOM),
 * GBK/GB18030 or UTF-16. The encoding is the charset the request names, else the byte-order mark,
 * else what the first 64 KB are: valid UTF-8, UTF-16 (every other byte zero), or GB18030 without a
 * single invalid sequence. Anything else, or an invalid byte later on, is refused: a roster is never
 * stored garbled.
 *
 * @example req.pipe(decodeRoster(req.get("content-type"))).pipe(csvParser)
 */
export function decodeRoster(contentType?: string): Transform {
  const named = /charset=["']?([\w-]+)/i.exec(contentType ?? "")?.[1]?.toLowerCase();
  if (named && !CHARSETS[named]) throw unknownEncoding(`the request names charset ${named}, which a roster cannot be`);
  let encoding: RosterEncoding | undefined = named ? CHARSETS[named] : undefined;
  let decoder: { write(b: Buffer): string; end(): string } | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const start = (sample: Buffer) => {
    encoding ??= sniff(sample);
    decoder = decoderFor(encoding);
  };
  const emit = (stream: Transform, text: string) => {
    // UTF-8 is decoded strictly (it throws); the legacy decoders put U+FFFD where a byte makes no sense.
    if (encoding !== "utf-8" && text.includes("\uFFFD")) throw unknownEncoding(`bytes that are not valid ${encoding}`);
    if (text) stream.push(text);
  };

  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        if (!decoder) {
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes < SAMPLE_BYTES && !encoding) return done();
          const sample = Buffer.concat(pending);
          pending = [];
          start(sample);
          emit(this, decoder!.write(sample));
          return done();
        }
        emit(this, decoder.write(chunk));
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!decoder) start(Buffer.concat(pending));
        if (pending.length) emit(this, decoder!.write(Buffer.concat(pending)));
        emit(this, decoder!.end());
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

function sniff(sample: Buffer): RosterEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf-8";
  if (sample[0] === 0xff && sample[1] === 0xfe) return "utf-16le";
  if (sample[0] === 0xfe && sample[1] === 0xff) return "utf-16be";
  if (validUtf8(sample)) return "utf-8";
  const zerosAt = (parity: number) => sample.filter((b, i) => i % 2 === parity && b === 0).length;
  if (zerosAt(1) > sample.length / 4) return "utf-16le";
  if (zerosAt(0) > sample.length / 4) return "utf-16be";
  if (!iconv.decode(sample, "gb18030").slice(0, -1).includes("\uFFFD")) return "gb18030";
  throw unknownEncoding("neither UTF-8, UTF-16 nor GBK/GB18030");
}

/** Valid UTF-8, allowing the sample to end inside a character. */
function validUtf8(sample: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function decoderFor(encoding: RosterEncoding): { write(b: Buffer): string; end(): string } {
  if (encoding === "utf-8") {
    const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
    return {
      write: (b) => {
        try {
          return utf8.decode(b, { stream: true });
        } catch {
          throw unknownEncoding("bytes that are not valid UTF-8");
        }
      },
      end: () => {
        try {
          return utf8.decode();
        } catch {
          throw unknownEncoding("a truncated UTF-8 character at its end");
        }
      },
    };
  }
  const d = iconv.getDecoder(encoding, { stripBOM: true });
  return { write: (b) => d.write(b), end: () => d.end() ?? "" };
}
