import { describe, expect, it } from 'vitest';
import { en } from '../i18n/messages.en.ts';
import {
  anyPending,
  bundleFileName,
  currentVerifierKey,
  formatBytes,
  kindMessageKey,
  logPosition,
  shellQuote,
  shortHash,
  summarizeData,
  verifyCommand,
  type FactField,
} from './provenance-format.ts';

const SHA = 'a'.repeat(20) + 'b'.repeat(44);

describe('provenance formatting', () => {
  it('shortens hashes to 12 characters and leaves short strings alone', () => {
    expect(shortHash(SHA)).toBe('aaaaaaaaaaaa');
    expect(shortHash('abc')).toBe('abc');
    expect(shortHash(SHA, 4)).toBe('aaaa');
  });

  it('names log positions, and sees entries still waiting for one', () => {
    expect(logPosition(0)).toBe('#0');
    expect(logPosition(41)).toBe('#41');
    expect(logPosition(null)).toBeNull();
    expect(anyPending([{ index: 1 }, { index: null }])).toBe(true);
    expect(anyPending([{ logIndex: 3 }])).toBe(false);
    expect(anyPending([{ logIndex: null }])).toBe(true);
    expect(anyPending([])).toBe(false);
  });

  it('finds a message for every kind the server logs, and none for an unknown one', () => {
    const kinds = ['import', 'annotation.submit', 'annotation.edit', 'project.create', 'project.update', 'export', 'dataset.version', 'dataset.download', 'member.add', 'org.create', 'inspection.create', 'inspection.decision'];
    for (const kind of kinds) expect(kindMessageKey(kind), kind).toBe(`history.kind.${kind}`);
    expect(kindMessageKey('something.new')).toBeNull();
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  it('summarises an annotation event: version, then the short result hash with the full one kept', () => {
    expect(summarizeData({ version: 3, resultSha256: SHA })).toEqual([
      { field: 'version', value: 'v3', hash: false },
      { field: 'resultSha256', value: SHA.slice(0, 12), full: SHA, hash: true },
    ]);
  });

  it('summarises a dataset version and an import, leaving out ids and unknown fields', () => {
    const version = summarizeData({ version: 1, name: '第一批', itemCount: 4, itemsRoot: SHA, dataSha256: SHA, dataBytes: 2048, extra: { x: 1 } });
    expect(version.map((f) => [f.field, f.value])).toEqual([
      ['version', 'v1'],
      ['name', '第一批'],
      ['itemCount', '4'],
      ['bytes', '2.0 KB'],
      ['itemsRoot', SHA.slice(0, 12)],
      ['dataSha256', SHA.slice(0, 12)],
    ]);
    const imported = summarizeData({ format: 'jsonl', fileName: null, sourceSha256: SHA, sourceBytes: 10, taskCount: 2, tasksRoot: SHA });
    expect(imported.map((f) => f.field)).toEqual(['taskCount', 'format', 'bytes', 'sourceSha256', 'tasksRoot']);
    const download = summarizeData({ delivery: 'd-1', recipient: 'u-1', fingerprintSha256: SHA });
    expect(download.map((f) => f.field)).toEqual(['fingerprintSha256']);
    expect(summarizeData({ configSha256: SHA, overlap: 2, fields: ['name', 'overlap'] }).map((f) => f.value)).toEqual(['2', 'name, overlap', SHA.slice(0, 12)]);
    expect(summarizeData({ fields: [] })).toEqual([]);
  });

  it('summarises nothing from data that is not an object', () => {
    expect(summarizeData(null)).toEqual([]);
    expect(summarizeData('x')).toEqual([]);
    expect(summarizeData([1, 2])).toEqual([]);
  });

  it('has a message for every field a summary can name', () => {
    const fields: FactField[] = ['version', 'name', 'itemCount', 'taskCount', 'format', 'fileName', 'role', 'overlap', 'fields', 'bytes', 'resultSha256', 'configSha256', 'sourceSha256', 'tasksRoot', 'itemsRoot', 'dataSha256', 'fingerprintSha256'];
    for (const field of fields) expect(en[`history.field.${field}`]).toBeTruthy();
  });

  it('builds the offline verification command with safely quoted arguments', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(verifyCommand('第一批-v1.zip', 'yungang.local/log/ab+1234abcd+AQID')).toBe("npx yungang verify 第一批-v1.zip --key 'yungang.local/log/ab+1234abcd+AQID'");
    expect(verifyCommand('my file.zip', 'k')).toBe("npx yungang verify 'my file.zip' --key 'k'");
  });

  it('names bundles as the server does, and picks the newest trusted key', () => {
    expect(bundleFileName('第一批 交付/终版', 2)).toBe('第一批-交付-终版-v2.zip');
    expect(bundleFileName('***', 1)).toBe('--v1.zip');
    expect(bundleFileName('', 1)).toBe('dataset-v1.zip');
    expect(currentVerifierKey({ origin: 'o', trusted: ['old', 'new'], revoked: ['bad'] })).toBe('new');
    expect(currentVerifierKey({ origin: 'o', trusted: [], revoked: [] })).toBeNull();
  });
});
