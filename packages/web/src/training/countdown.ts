/**
 * The exam countdown. The server fixes the deadline and sends its own clock (`serverNow`) with every
 * attempt, so the countdown runs on the offset between the two clocks: a wrong clock on the annotator's PC
 * neither shortens nor lengthens the exam on screen.
 */
export function remainingMs(deadlineAt: string, serverNow: string, clientAtLoad: number, clientNow: number): number {
  const offset = Date.parse(serverNow) - clientAtLoad;
  return Math.max(0, Date.parse(deadlineAt) - (clientNow + offset));
}

/** "1:05:09", "4:07", "0:00": hours only when needed, seconds rounded up so "0:00" means time is up. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** A score in [0, 1] as a whole percentage, "–" when there is none. */
export function percent(score: number | null | undefined): string {
  return score === null || score === undefined ? '–' : `${Math.round(score * 100)}%`;
}
