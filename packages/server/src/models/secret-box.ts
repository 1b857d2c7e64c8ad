import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Marks a sealed value; anything without it is a plaintext value written before encryption existed. */
const PREFIX = 'enc:v1:';
const KEY_FILE = 'secret.key';

/**
 * Secrets kept in the database (model backends' API keys), sealed with AES-256-GCM under a key that is
 * not in the database: whoever reads a backup or the table sees only ciphertext. A sealed value is
 * `enc:v1:` + base64(iv ‖ tag ‖ ciphertext); GCM's tag makes a tampered or wrongly keyed value fail
 * loudly instead of decrypting to garbage.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a secret box needs a 32-byte key');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The plaintext of a sealed value; a value stored before encryption existed is answered as it is. */
  open(stored: string): string {
    if (!isSealed(stored)) return stored;
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('a stored secret does not open with this server\'s key (YUNGANG_SECRET_KEY or secret.key in the key folder changed?); enter the API key again');
    }
  }
}

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

/**
 * The instance's secret key: `YUNGANG_SECRET_KEY` when set (any string; its SHA-256 is the key, so a
 * passphrase or 64 hex digits both work), else `secret.key` in the key folder (beside the transparency
 * log's keys, outside the database), made on first use and readable only by the owner.
 */
export function openSecretBox(dir: string, env: Record<string, string | undefined> = process.env): SecretBox {
  const fromEnv = env['YUNGANG_SECRET_KEY'];
  if (fromEnv) return new SecretBox(createHash('sha256').update(fromEnv, 'utf8').digest());
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, KEY_FILE);
  if (!existsSync(path)) {
    // `wx`: when two processes start at once, one writes and the other reads what it wrote.
    try {
      writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key; restore it from a backup (stored API keys cannot be read without it)`);
  return new SecretBox(key);
}
