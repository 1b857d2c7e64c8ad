/**
 * The bytes of a log entry: the RFC 8785 canonical JSON of `{ v: 1, index, sequencedAt, event }`, which is
 * what the sequencer freezes and hashes as the leaf. The event is queued as canonical JSON already
 * (`logEntryRow` writes it with `canonicalJson`), and canonical JSON sorts keys by UTF-16 code units (event,
 * index, sequencedAt, v), so the entry is the queued text spliced between the other three: the same bytes as
 * parsing the event and serialising the whole again, which cost the sequencer a quarter of its time (issue 10).
 */
export function logEntryText(canonicalEvent: string, index: number, sequencedAt: string): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`log entry index must be a whole number ≥ 0, got ${index}`);
  // An ISO timestamp is ASCII without quotes or backslashes: JSON.stringify writes it as RFC 8785 does.
  return `{"event":${canonicalEvent},"index":${index},"sequencedAt":${JSON.stringify(sequencedAt)},"v":1}`;
}
