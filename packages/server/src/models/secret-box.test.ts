import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSealed, openSecretBox } from './secret-box.js';

describe('SecretBox (API keys at rest)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yungang-secret-box-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a key file on first use (owner-only) and opens what it sealed with it later', () => {
    const sealed = openSecretBox(dir, {}).seal('sk-abc');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('sk-abc');
    expect(statSync(join(dir, 'secret.key')).mode & 0o077).toBe(0);
    expect(Buffer.from(readFileSync(join(dir, 'secret.key'), 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(openSecretBox(dir, {}).open(sealed)).toBe('sk-abc');
    expect(openSecretBox(dir, {}).open('plain-from-before')).toBe('plain-from-before');
  });

  it('YUNGANG_SECRET_KEY wins over the file; another key or a changed byte fails loudly', () => {
    const env = { YUNGANG_SECRET_KEY: 'a long passphrase kept in the environment' };
    const sealed = openSecretBox(dir, env).seal('sk-env');
    expect(openSecretBox(join(dir, 'elsewhere'), env).open(sealed)).toBe('sk-env');
    expect(() => openSecretBox(dir, {}).open(sealed)).toThrow(/does not open with this server's key/);
    const raw = Buffer.from(sealed.slice('enc:v1:'.length), 'base64');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(() => openSecretBox(dir, env).open(`enc:v1:${raw.toString('base64')}`)).toThrow(/does not open/);
  });
});
