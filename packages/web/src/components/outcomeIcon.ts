/** A check's outcome as a sign beside its words (the words carry the meaning; the sign is decoration). */
export const OUTCOME_ICON: Record<string, string> = { pass: "✓", fail: "✗", info: "ℹ", skipped: "–" };
