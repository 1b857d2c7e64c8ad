import { describe, expect, it } from 'vitest';
import { formatCountdown, percent, remainingMs } from './countdown.ts';

describe('countdown', () => {
  it('runs on the server clock whatever the browser clock says', () => {
    const serverNow = '2026-01-01T10:00:00.000Z';
    const deadline = '2026-01-01T10:01:00.000Z';
    // The browser clock is an hour behind; 10 s later on it, 50 s are left.
    const clientAtLoad = Date.parse(serverNow) - 3_600_000;
    expect(remainingMs(deadline, serverNow, clientAtLoad, clientAtLoad + 10_000)).toBe(50_000);
    expect(remainingMs(deadline, serverNow, clientAtLoad, clientAtLoad + 120_000)).toBe(0);
  });

  it('formats minutes and seconds, hours only when needed', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(247_000)).toBe('4:07');
    expect(formatCountdown(3_909_000)).toBe('1:05:09');
    expect(formatCountdown(500)).toBe('0:01');
  });

  it('shows scores as percentages', () => {
    expect(percent(0.756)).toBe('76%');
    expect(percent(null)).toBe('–');
  });
});
