import { describe, it, expect } from 'vitest';
import { base64, fromBase64, hex } from './encoding.js';
import { merkleLeafHash, merkleRoot } from './merkle.js';
import {
  formatCheckpoint,
  generateNoteKeys,
  noteKeyHash,
  noteKeysFromSeed,
  noteVerifierKey,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './signed-note.js';

// Exhaustive loops: a few seconds on a busy machine, well over vitest's 5 s default under load.
const SLOW = { timeout: 60_000 };

// Vectors from golang.org/x/mod, sumdb/note/note_test.go (github.com/golang/mod @ fe2ec04f7c3c, BSD-3-Clause):
// TestNewVerifier, TestNewSigner, TestSign, TestOpen.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const PETER = { name: 'PeterNeumann', keyHash: 0xc74f20a3 };
const ENOCH = { name: 'EnochRoot', keyHash: 0xaf0cfe78 };

// Key pairs from github.com/transparency-dev/formats @ 0b850f1a7b4a, log/note_test.go (Apache-2.0).
const FORMATS_KEYS = [
  ['Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs', 'PRIVATE+KEY+Log+2271c621+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ'],
  ['Known+451c786d+AXAQ0T7lbwuY4ABJ9/MYY9bWV3hmSyOGVt2x42NkmdUH', 'PRIVATE+KEY+Known+451c786d+AQPRoE2+Z+Ed1HaHBA9F/FfracvcZ2rDU39kCecMEoci'],
  ['KnownAgain+4893b26c+AQ+LR7BFF/F/dkpIBjBpSvT0crkteizuUkavAoGeaYMj', 'PRIVATE+KEY+KnownAgain+4893b26c+ARhZda/l25zjGZswYLDZsLNRzNpmv5wYTN9IoTr1OJ2+'],
  ['Unknown+fdbb2e08+AWgRIYZ+8x1Vl+1Q+sR8zciNHiYI1SdlBjNw+RV0rots', 'PRIVATE+KEY+Unknown+fdbb2e08+Aav2knTC6orbhXX8pMWuNiWgO+Wwk2DB+h1eU2Q1W1nU'],
] as const;

// Examples from the C2SP specifications (github.com/C2SP/C2SP @ 5ba5ee830903, CC-BY-4.0):
// signed-note.md "Example" (a verifier key and the note it verifies) and tlog-checkpoint.md /
// tlog-cosignature.md (a checkpoint signed by its log and cosigned by a witness; no keys published).
const C2SP_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const C2SP_NOTE = 'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
const C2SP_CHECKPOINT_TEXT = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const C2SP_CHECKPOINT_NOTE =
  C2SP_CHECKPOINT_TEXT +
  '\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n' +
  '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';

describe('note keys', () => {
  it('parses the published PeterNeumann key pair, and the signer key derives the verifier key', () => {
    const verifier = parseVerifierKey(PETER_VKEY);
    expect(verifier.name).toBe('PeterNeumann');
    expect(verifier.keyHash).toBe(0xc74f20a3);
    const signer = parseSignerKey(PETER_SKEY);
    expect(signer).toMatchObject({ name: 'PeterNeumann', keyHash: 0xc74f20a3, verifierKey: PETER_VKEY });
    expect(hex(signer.publicKey)).toBe(hex(verifier.publicKey));
    expect(noteKeyHash('PeterNeumann', verifier.publicKey)).toBe(0xc74f20a3);
    expect(noteVerifierKey('PeterNeumann', verifier.publicKey)).toBe(PETER_VKEY);
    expect(noteKeysFromSeed('PeterNeumann', signer.seed)).toEqual({ signerKey: PETER_SKEY, verifierKey: PETER_VKEY });
  });

  it.each(FORMATS_KEYS)('transparency-dev/formats key pair %s', (verifierKey, signerKey) => {
    expect(parseSignerKey(signerKey).verifierKey).toBe(verifierKey);
    expect(parseVerifierKey(verifierKey).keyHash).toBe(Number.parseInt(verifierKey.split('+')[1]!, 16));
  });

  it('the C2SP example verifier key parses', () => {
    expect(parseVerifierKey(C2SP_VKEY)).toMatchObject({ name: 'example.com/foo', keyHash: 0x530d903a });
  });

  it('rejects every truncation and every one-character change of the verifier key (as TestNewVerifier does)', SLOW, () => {
    let rejected = 0;
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i === 0 && j === PETER_VKEY.length) continue;
        expect(() => parseVerifierKey(PETER_VKEY.slice(i, j)), PETER_VKEY.slice(i, j)).toThrow();
        rejected++;
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const mangled = PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      expect(() => parseVerifierKey(mangled), mangled).toThrow();
      rejected++;
    }
    expect(rejected).toBeGreaterThan(2000);
  });

  it('rejects every truncation and every one-character change of the signer key (as TestNewSigner does)', SLOW, () => {
    for (let i = 0; i <= PETER_SKEY.length; i++) {
      for (let j = i + 1; j <= PETER_SKEY.length; j++) {
        if (i === 0 && j === PETER_SKEY.length) continue;
        expect(() => parseSignerKey(PETER_SKEY.slice(i, j)), PETER_SKEY.slice(i, j)).toThrow();
      }
    }
    for (let i = 0; i < PETER_SKEY.length; i++) {
      const mangled = PETER_SKEY.slice(0, i) + String.fromCharCode(PETER_SKEY.charCodeAt(i) + 1) + PETER_SKEY.slice(i + 1);
      expect(() => parseSignerKey(mangled), mangled).toThrow();
    }
  });

  it('gives clear errors', () => {
    // TestNewVerifier: wrong key length and unknown algorithm, each with an adjusted key hash.
    // (Go's lenient base64 decodes "…BADKEY==" to 35 bytes; ours refuses its non-zero padding bits first.)
    expect(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')).toThrow('non-zero padding bits');
    expect(() => parseVerifierKey(`PeterNeumann+c74f20a3+${base64(new Uint8Array(34).fill(1))}`)).toThrow('an Ed25519 key has 32 bytes, got 33');
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow('unknown signature algorithm 101');
    expect(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow('key id c74f20a4 does not match the key (expected c74f20a3)');
    expect(() => parseVerifierKey('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow('bad key name');
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3')).toThrow('expected <name>+<key id>+<key data>');
    expect(() => parseSignerKey(PETER_VKEY)).toThrow('must start with PRIVATE+KEY+');
  });

  it('generates fresh key pairs that sign and verify', () => {
    const keys = generateNoteKeys('yungang.example/log');
    expect(keys.signerKey).toMatch(/^PRIVATE\+KEY\+yungang\.example\/log\+[0-9a-f]{8}\+/);
    expect(parseSignerKey(keys.signerKey).verifierKey).toBe(keys.verifierKey);
    expect(generateNoteKeys('yungang.example/log').verifierKey).not.toBe(keys.verifierKey);
    expect(openNote(signNote('hello\n', keys.signerKey), [keys.verifierKey]).verified).toEqual([{ name: 'yungang.example/log', keyHash: parseVerifierKey(keys.verifierKey).keyHash }]);
    expect(() => generateNoteKeys('has space')).toThrow('invalid key name');
    expect(() => generateNoteKeys('a+b')).toThrow('invalid key name');
    expect(() => generateNoteKeys('')).toThrow('invalid key name');
  });
});

describe('signNote', () => {
  it('reproduces the note of TestSign byte for byte', () => {
    expect(signNote(TEXT, PETER_SKEY)).toBe(`${TEXT}\n${PETER_SIG}`);
    expect(signNote(TEXT, [PETER_SKEY])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('adds a cosignature after the existing ones, and replaces (not duplicates) a signature by the same key', () => {
    const enoch = generateNoteKeys('EnochRoot');
    const single = signNote(TEXT, PETER_SKEY);
    const cosigned = signNote(TEXT, enoch.signerKey, single);
    expect(cosigned.startsWith(`${TEXT}\n${PETER_SIG}— EnochRoot `)).toBe(true);
    expect(cosigned.split('\n— ').length).toBe(3);
    const opened = openNote(cosigned, [PETER_VKEY, enoch.verifierKey]);
    expect(opened.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    // Re-signing with Peter keeps Enoch's line and puts a single Peter line last.
    const resigned = signNote(TEXT, PETER_SKEY, cosigned);
    expect(resigned.match(/— PeterNeumann /g)).toHaveLength(1);
    expect(openNote(resigned, [PETER_VKEY, enoch.verifierKey]).verified.map((s) => s.name)).toEqual(['EnochRoot', 'PeterNeumann']);
    // Unknown signatures in the existing note are carried along too.
    const withUnknown = signNote(TEXT, enoch.signerKey, `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`);
    expect(openNote(withUnknown, [PETER_VKEY]).unverified).toEqual([ENOCH, { name: 'EnochRoot', keyHash: parseVerifierKey(enoch.verifierKey).keyHash }]);
  });

  it('rejects bad text, bad keys and a mismatched existing note', () => {
    expect(() => signNote('abc', PETER_SKEY)).toThrow('note text must end with a newline');
    expect(() => signNote('a\u0007b\n', PETER_SKEY)).toThrow('control characters');
    expect(() => signNote(TEXT, [])).toThrow('at least one signer key');
    expect(() => signNote(TEXT, PETER_VKEY)).toThrow('invalid signer key');
    expect(() => signNote('other text\n', PETER_SKEY, signNote(TEXT, PETER_SKEY))).toThrow('existingNote signs a different text');
    expect(() => signNote(TEXT, PETER_SKEY, TEXT)).toThrow('malformed note');
  });

  it('text may contain blank lines: the last blank line separates the signatures', () => {
    const keys = generateNoteKeys('blank-lines');
    for (const text of ['\n', 'a\n\nb\n', 'ends with a blank line\n\n', 'ed è subito sera.\n']) {
      expect(openNote(signNote(text, keys.signerKey), [keys.verifierKey]).text).toBe(text);
    }
  });
});

describe('openNote (TestOpen vectors)', () => {
  const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;

  it('one signature verified, one by an unknown key', () => {
    expect(openNote(note, [PETER_VKEY])).toEqual({ text: TEXT, verified: [PETER], unverified: [ENOCH] });
  });

  it('both verified', () => {
    expect(openNote(note, [PETER_VKEY, ENOCH_VKEY])).toEqual({ text: TEXT, verified: [PETER, ENOCH], unverified: [] });
  });

  it('no known key: a clear error naming the signers', () => {
    expect(() => openNote(note, [])).toThrow('note has no verifiable signatures: it is signed by PeterNeumann+c74f20a3, EnochRoot+af0cfe78, none of which is a known key');
  });

  it('a key listed twice is ambiguous when it is used, and harmless when it is not', () => {
    expect(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [ENOCH_VKEY, PETER_VKEY, ENOCH_VKEY])).toThrow('ambiguous key EnochRoot+af0cfe78');
    expect(openNote(`${TEXT}\n${PETER_SIG}`, [ENOCH_VKEY, PETER_VKEY, ENOCH_VKEY]).verified).toEqual([PETER]);
  });

  it('more than 100 signatures is malformed', () => {
    expect(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [PETER_VKEY])).toThrow('malformed note: more than 100 signatures');
    expect(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [])).toThrow('malformed note');
    expect(openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [PETER_VKEY]).verified).toEqual([PETER]);
  });

  it('an invalid signature by a known key rejects the whole note', () => {
    const broken = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(() => openNote(broken, [PETER_VKEY])).toThrow('invalid signature for key PeterNeumann+c74f20a3');
    // A changed text: same signature, different message.
    expect(() => openNote(`${TEXT.replace('cryptography', 'cryptographY')}\n${PETER_SIG}`, [PETER_VKEY])).toThrow('invalid signature for key PeterNeumann+c74f20a3');
  });

  it('duplicated verified and unverified signatures are reported once', () => {
    const enochABCD = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const opened = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochABCD}`, [PETER_VKEY]);
    expect(opened.verified).toEqual([PETER]);
    // The altered Enoch line is a second, distinct unverified signature by the same (unknown) key.
    expect(opened.unverified).toEqual([ENOCH, ENOCH]);
  });

  it('rejects malformed encodings', () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n— PeterNeumann\n`,
      `${TEXT}\n— PeterNeumann AAAA\n`,
      `\uD800${TEXT}\n${PETER_SIG}`,
    ];
    // (TestOpen's "\xff" case is invalid UTF-8, which a JavaScript string cannot hold; TextDecoder turns it
    // into U+FFFD, and the signature check then fails.)
    for (const text of bad) expect(() => openNote(text, [PETER_VKEY]), JSON.stringify(text)).toThrow('malformed note');
  });

  it('a signature by a known name with another key id is an unknown key (spec: ignore, do not fail)', () => {
    const otherId = PETER_SIG.replace('x08g', 'xxxx');
    expect(() => openNote(`${TEXT}\n${otherId}`, [PETER_VKEY])).toThrow('note has no verifiable signatures');
    expect(openNote(`${TEXT}\n${otherId}${PETER_SIG}`, [PETER_VKEY]).unverified).toHaveLength(1);
  });

  it('names the verifier key that does not parse', () => {
    expect(() => openNote(note, [PETER_VKEY, 'nonsense'])).toThrow('verifierKeys[1]: invalid verifier key');
  });

  it('verifies the C2SP signed-note example', () => {
    expect(openNote(C2SP_NOTE, [C2SP_VKEY])).toEqual({ text: 'This is an example message.\n', verified: [{ name: 'example.com/foo', keyHash: 0x530d903a }], unverified: [] });
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  it('parses the C2SP checkpoint example, and formatting it gives the same text', () => {
    const checkpoint = parseCheckpoint(C2SP_CHECKPOINT_TEXT);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.size).toBe(20852163);
    expect(base64(checkpoint.rootHash)).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(checkpoint.extensions).toEqual([]);
    expect(formatCheckpoint(checkpoint)).toBe(C2SP_CHECKPOINT_TEXT);
  });

  it('the C2SP cosigned checkpoint note parses; without the log and witness keys nothing verifies', () => {
    expect(() => openNote(C2SP_CHECKPOINT_NOTE, [PETER_VKEY])).toThrow(
      'note has no verifiable signatures: it is signed by example.com/behind-the-sofa+033de0ae, witness.example.com/w1+8d66cf3f',
    );
  });

  it('formats with extension lines and round-trips', () => {
    const rootHash = merkleRoot([merkleLeafHash(new Uint8Array(0))]);
    const input = { origin: 'yungang.example/log', size: 1, rootHash, extensions: ['extra: one', 'extra: two'] };
    const text = formatCheckpoint(input);
    expect(text).toBe(`yungang.example/log\n1\n${base64(rootHash)}\nextra: one\nextra: two\n`);
    expect(parseCheckpoint(text)).toEqual(input);
    expect(formatCheckpoint({ origin: 'o', size: 0, rootHash })).toBe(`o\n0\n${base64(rootHash)}\n`);
  });

  it('signed by a log and cosigned by a witness (transparency-dev/formats keys)', () => {
    const [[logVkey, logSkey], [witnessVkey, witnessSkey]] = FORMATS_KEYS;
    const text = formatCheckpoint({ origin: 'TestParseCheckpoint', size: 42, rootHash: fromBase64('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=') });
    const cosigned = signNote(text, witnessSkey, signNote(text, logSkey));
    const opened = openNote(cosigned, [logVkey, witnessVkey]);
    expect(opened.verified.map((s) => s.name)).toEqual(['Log', 'Known']);
    expect(parseCheckpoint(opened.text).size).toBe(42);
  });

  it('rejects malformed checkpoints with clear errors', () => {
    // Shapes from transparency-dev/formats log/checkpoint_test.go TestUnmarshalLogState (invalid cases),
    // plus the "bananas" root that Go accepts but is not a 32-byte SHA-256 root.
    const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    const cases: [string, string][] = [
      ['Head\n9944\n', 'expected at least 3 lines'],
      [`\n9944\n${root}\n`, 'origin must not be empty'],
      ['Log\n123\nYmFuYW5hcw==', 'must end with a newline'],
      [`Log\nbananas\n${root}\n`, 'is not a decimal number'],
      [`Log\n-34\n${root}\n`, 'is not a decimal number'],
      [`Log\n3438945738945739845734895735\n${root}\n`, 'too large'],
      ["Log\n123\nThisIsn'tBase64\n", 'root hash is not standard base64'],
      ['Log\n123\nYmFuYW5hcw==\n', 'root hash must be 32 bytes, got 7'],
      [`Log\n0123\n${root}\n`, 'without leading zeros'],
      [`Log\n9944\n${root}\n\n\n\n`, 'extension line 1 must not be empty'],
    ];
    for (const [text, message] of cases) expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow(message);
  });

  it('formatCheckpoint refuses what it could not parse back', () => {
    const rootHash = new Uint8Array(32);
    expect(() => formatCheckpoint({ origin: '', size: 1, rootHash })).toThrow('origin must not be empty');
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash })).toThrow('origin must be a single line');
    expect(() => formatCheckpoint({ origin: 'o', size: -1, rootHash })).toThrow('size must be a non-negative safe integer');
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: new Uint8Array(31) })).toThrow('root hash must be 32 bytes');
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash, extensions: [''] })).toThrow('extension line 1 must not be empty');
  });
});
