/**
 * The young generation of the API processes that `serve --workers N` forks, in MB per semi-space. A request's
 * objects live as long as it waits for PostgreSQL, so at a thousand requests in flight V8's default semi-space
 * (16 MB) scavenged them while still alive, copied them and promoted many to the old generation, where only a
 * full collection frees them: the garbage collector took 11–12 % of an API process's time under 1,000
 * annotators. With 64 MB most of them die young: 6–7 % (issue 10, BENCHMARKS.md). It costs up to about 100 MB
 * more resident memory per process at that load.
 */
export const API_SEMI_SPACE_MB = 64;

/** The flags to fork an API process with: the parent's, plus the semi-space size unless the operator set one. */
export function apiProcessExecArgv(execArgv: readonly string[]): string[] {
  if (execArgv.some((a) => /^--max[-_]semi[-_]space[-_]size\b/.test(a))) return [...execArgv];
  return [...execArgv, `--max-semi-space-size=${API_SEMI_SPACE_MB}`];
}
