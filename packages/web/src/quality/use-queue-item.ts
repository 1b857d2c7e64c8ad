import { useCallback, useEffect, useState } from 'react';

/** Where a work queue page stands: fetching, showing an item, nothing left, or failed. */
export type QueuePhase<T> = { kind: 'loading' } | { kind: 'item'; item: T } | { kind: 'empty' } | { kind: 'error'; error: unknown };

/**
 * One leased item at a time from a server queue (review, adjudication): loads the first on mount and
 * the next on `loadNext()`, after `onNext` has cleared the page's own per-item state.
 */
export function useQueueItem<T>(fetchNext: () => Promise<{ item: T | null }>, onNext: () => void): { phase: QueuePhase<T>; item: T | null; loadNext: () => Promise<void> } {
  const [phase, setPhase] = useState<QueuePhase<T>>({ kind: 'loading' });
  const loadNext = useCallback(async () => {
    setPhase({ kind: 'loading' });
    onNext();
    try {
      const next = await fetchNext();
      setPhase(next.item ? { kind: 'item', item: next.item } : { kind: 'empty' });
    } catch (error) {
      setPhase({ kind: 'error', error });
    }
    // onNext only resets state setters, which are stable; the fetch decides when to reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetchNext]);
  useEffect(() => {
    void loadNext();
  }, [loadNext]);
  return { phase, item: phase.kind === 'item' ? phase.item : null, loadNext };
}
