/**
 * The small fields of a `RecognitionDecided` event, which the CreditLedger packs into one word (log
 * data is paid per byte, and a term brings thousands of decisions). From the lowest bit: index (32),
 * decision (8), recognisedCredits (32), rejectReason (16), feeAccrued (64), feePeriodId (32).
 */
export interface UnpackedRecognition {
  index: number;
  decision: number;
  recognisedCredits: number;
  rejectReason: number;
  feeAccrued: bigint;
  feePeriodId: number;
}

const bits = (packed: bigint, from: number, width: number) => (packed >> BigInt(from)) & ((1n << BigInt(width)) - 1n);

export function unpackRecognition(packed: bigint): UnpackedRecognition {
  return {
    index: Number(bits(packed, 0, 32)),
    decision: Number(bits(packed, 32, 8)),
    recognisedCredits: Number(bits(packed, 40, 32)),
    rejectReason: Number(bits(packed, 72, 16)),
    feeAccrued: bits(packed, 88, 64),
    feePeriodId: Number(bits(packed, 152, 32)),
  };
}

/** The inverse of {@link unpackRecognition}, for tests and tools. */
export function packRecognition(r: UnpackedRecognition): bigint {
  return (
    BigInt(r.index) |
    (BigInt(r.decision) << 32n) |
    (BigInt(r.recognisedCredits) << 40n) |
    (BigInt(r.rejectReason) << 72n) |
    (r.feeAccrued << 88n) |
    (BigInt(r.feePeriodId) << 152n)
  );
}
