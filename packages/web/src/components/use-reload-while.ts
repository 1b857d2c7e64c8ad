import { useEffect, useRef } from 'react';

/**
 * Calls `reload` again `delayMs` after each answer (`answer` changes) while `active` holds, at most
 * `maxTries` times in a row: for data that settles shortly, such as log entries waiting for the sequencer.
 */
export function useReloadWhile(active: boolean, reload: () => void, answer: unknown, delayMs = 750, maxTries = 40): void {
  const tries = useRef(0);
  useEffect(() => {
    if (!active) {
      tries.current = 0;
      return;
    }
    if (tries.current >= maxTries) return;
    const timer = setTimeout(() => {
      tries.current++;
      reload();
    }, delayMs);
    return () => clearTimeout(timer);
  }, [active, reload, answer, delayMs, maxTries]);
}
