import { describe, expect, it } from 'vitest';
import { bankCardDetector, isValidBankCard, luhnValid } from './bank-card.js';

describe('bank cards', () => {
  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('accepts valid numbers, plain or grouped', () => {
    expect(isValidBankCard('6222021234567890128')).toBe(true);
    expect(isValidBankCard('6217 0000 0012 3456 786')).toBe(true);
    expect(isValidBankCard('4111-1111-1111-1111')).toBe(true);
  });

  it('rejects Luhn failures, wrong lengths, wrong first digits and mixed separators', () => {
    expect(isValidBankCard('6222021234567890123')).toBe(false);
    expect(isValidBankCard('411111111111')).toBe(false); // 12 digits
    expect(isValidBankCard('1234567812345670')).toBe(false); // passes Luhn, starts with 1
    expect(isValidBankCard('4111 1111-1111 1111')).toBe(false);
    expect(isValidBankCard('4444444444444448')).toBe(true);
    expect(isValidBankCard('5555555555555555')).toBe(false);
  });

  it('finds cards in text', () => {
    expect(bankCardDetector.find('卡号6222021234567890128，请转账').map((m) => m.value)).toEqual(['6222021234567890128']);
    expect(bankCardDetector.find('卡号6222021234567890123，请转账')).toEqual([]);
  });
});
