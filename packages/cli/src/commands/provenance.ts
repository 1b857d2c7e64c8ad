import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { BUNDLE_PATHS, generateNoteKeys, openNote, parseCheckpoint, parseSignerKey, signNote, verifyBundle, verifyConsistency, fromBase64 } from '@yungang/core';
import { auditLog, loadConfig, openRuntime, readKeyFile, revokeLogKey, rotateLogKey, traceCopy } from '@yungang/server';
import { parse, optional, required, UsageError } from '../args.js';

export const verifyHelp = `yungang verify <bundle.zip|folder> --key KEY [--json]
  Checks a dataset bundle offline: the manifest's signature, every file's SHA-256 (naming any changed,
  added or missing file), the records against the logged items root, and the log entry's inclusion proof
  against the signed checkpoint. KEY is the log's verifier key (name+hash+base64), or a file holding keys
  (one per line, or the JSON from GET /api/v1/log/keys). Exit 0 when everything verifies, 1 otherwise.`;

export const auditHelp = `yungang audit [--json]
  Recomputes the transparency log from the configured database and checks it against the signed heads,
  the head published last (kept beside the keys), the annotation results, imported tasks, dataset versions
  and stored files. Names every entry edited, deleted, reordered or backdated, every forked or rolled-back
  head, every row changed behind the application's back and every swapped file. Exit 1 on any finding.`;

export const traceHelp = `yungang trace <copy.zip|folder|records.jsonl> [--json]
  Names the recipient of a leaked copy of a dataset version from the order of its records (works without
  the manifest and on a part of the records). Reads the configured database.`;

export const witnessHelp = `yungang witness --url URL --log-key KEY --key WITNESS_KEY_FILE --state STATE_FILE [--name NAME]
  An independent witness: fetches the log's newest checkpoint, checks it is signed by KEY and consistent with
  the last one it saw (STATE_FILE), then cosigns it and stores the cosigned note there. A fork or rollback
  fails loudly (exit 1). The witness key file is created on first use (named NAME, default "witness").
  Run it from cron; publish the state file where others can compare it.`;

export const keysHelp = `yungang keys list | rotate | revoke HASH
  Manages the log's signing keys in YUNGANG_KEY_DIR (default <data>/keys). rotate makes a new active key
  (old heads still verify); revoke marks a compromised key untrusted. Both are logged; restart the server
  so it signs with the new key.`;

function readKeys(spec: string): string[] {
  if (!existsSync(spec)) return [spec];
  const text = readFileSync(spec, 'utf8');
  try {
    const json = JSON.parse(text) as { trusted?: unknown };
    if (Array.isArray(json.trusted)) return json.trusted.filter((k): k is string => typeof k === 'string');
  } catch {
    // Not JSON: one key per line.
  }
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** A bundle's files by bundle path, from a zip or an unpacked folder. */
export function readBundleFiles(path: string): Map<string, Uint8Array> {
  if (!existsSync(path)) throw new UsageError(`${path} does not exist`);
  if (statSync(path).isDirectory()) {
    const files = new Map<string, Uint8Array>();
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.set(relative(path, full).split(sep).join('/'), new Uint8Array(readFileSync(full)));
      }
    };
    walk(path);
    return files;
  }
  const bytes = new Uint8Array(readFileSync(path));
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    try {
      return new Map(Object.entries(unzipSync(bytes)).filter(([name]) => !name.endsWith('/')));
    } catch (e) {
      throw new Error(`${path} is not a readable zip: ${(e as Error).message}`, { cause: e });
    }
  }
  // A bare records file (a manifest-stripped copy).
  return new Map([[BUNDLE_PATHS.records, bytes]]);
}

export async function verify(argv: string[]): Promise<number> {
  const [target, ...rest] = argv;
  if (!target || target.startsWith('--')) throw new UsageError('name the bundle: yungang verify <bundle.zip|folder> --key KEY');
  const values = parse(rest, { key: { type: 'string' }, json: { type: 'boolean' } });
  const keys = readKeys(required(values, 'key'));
  const result = verifyBundle(readBundleFiles(target), keys);
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else if (result.ok) {
    const v = result.manifest!.datasetVersion;
    console.log(`OK: ${target} is dataset version ${v.version} "${v.name}" (${v.id}), ${v.itemCount} records, logged in ${result.manifest!.origin}`);
  } else {
    console.error(`FAILED: ${target} does not verify:`);
    for (const p of result.problems) console.error(`  - ${p.message}`);
  }
  return result.ok ? 0 : 1;
}

export async function audit(argv: string[]): Promise<number> {
  const values = parse(argv, { json: { type: 'boolean' } });
  const runtime = await openRuntime(loadConfig());
  try {
    const report = await auditLog(runtime.services.database, runtime.services.log.keys, runtime.services.blobs);
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else if (report.ok) console.log(`OK: ${report.entriesChecked} log entries and ${report.heads} signed heads verified; content and files match`);
    else {
      console.error(`FAILED: ${report.findings.length} problem(s) in the log of ${report.treeSize} entries:`);
      for (const f of report.findings) console.error(`  - [${f.check}] ${f.message}`);
    }
    return report.ok ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

export async function trace(argv: string[]): Promise<number> {
  const [target, ...rest] = argv;
  if (!target || target.startsWith('--')) throw new UsageError('name the copy: yungang trace <copy.zip|folder|records.jsonl>');
  const values = parse(rest, { json: { type: 'boolean' } });
  const files = readBundleFiles(target);
  const records = files.get(BUNDLE_PATHS.records) ?? [...files].find(([name]) => name.endsWith('.jsonl'))?.[1];
  if (!records) throw new Error(`${target} holds no records file (${BUNDLE_PATHS.records} or *.jsonl)`);
  const ids: string[] = [];
  new TextDecoder()
    .decode(records)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        ids.push(String((JSON.parse(line) as { id: unknown }).id));
      } catch {
        throw new Error(`line ${i + 1} of the records is not JSON`);
      }
    });
  const runtime = await openRuntime(loadConfig());
  try {
    const result = await traceCopy(runtime.services.database, ids);
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else if (result.verdict) {
      const v = result.verdict;
      console.log(`TRACED: this copy of ${v.datasetVersion} was delivered to ${v.recipientEmail ?? 'an unknown user'} (${v.organisation}) on ${v.deliveredAt}, delivery ${v.deliveryId}`);
      console.log(`  evidence: ${v.agreeing} of ${v.pairs} adjacent record pairs in that delivery's order (score ${v.score.toFixed(3)}; an unrelated copy scores about 0.5)`);
    } else {
      console.log(`NOT TRACED: no delivery matches clearly (${ids.length} records). Best candidates:`);
      for (const c of result.candidates.slice(0, 3)) console.log(`  - ${c.recipientEmail ?? '?'} (${c.organisation}), ${c.datasetVersion}: score ${c.score.toFixed(3)} over ${c.pairs} pairs`);
    }
    return result.verdict ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

export async function witness(argv: string[]): Promise<number> {
  const values = parse(argv, { url: { type: 'string' }, 'log-key': { type: 'string' }, key: { type: 'string' }, state: { type: 'string' }, name: { type: 'string' } });
  const url = required(values, 'url').replace(/\/+$/, '');
  const logKeys = readKeys(required(values, 'log-key'));
  const keyFile = required(values, 'key');
  const stateFile = required(values, 'state');
  if (!existsSync(keyFile)) {
    const made = generateNoteKeys(optional(values, 'name') ?? 'witness');
    writeFileSync(keyFile, made.signerKey + '\n', { mode: 0o600 });
    console.error(`made witness key ${keyFile}; its verifier key (publish it): ${made.verifierKey}`);
  }
  const signerKey = readFileSync(keyFile, 'utf8').trim();
  parseSignerKey(signerKey);
  const res = await fetch(`${url}/api/v1/log/checkpoint`);
  if (!res.ok) throw new Error(`GET ${url}/api/v1/log/checkpoint answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const note = await res.text();
  const current = parseCheckpoint(openNote(note, logKeys).text);
  if (existsSync(stateFile)) {
    const seen = parseCheckpoint(openNote(readFileSync(stateFile, 'utf8'), logKeys).text);
    if (seen.origin !== current.origin) throw new Error(`the log now calls itself "${current.origin}", the witness saw "${seen.origin}"`);
    if (current.size < seen.size) {
      console.error(`ROLLBACK: the log serves size ${current.size}, but the witness already saw size ${seen.size}`);
      return 1;
    }
    const proofRes = await fetch(`${url}/api/v1/log/proof/consistency?from=${seen.size}&to=${current.size}`);
    if (!proofRes.ok) throw new Error(`consistency proof request answered ${proofRes.status}: ${(await proofRes.text()).slice(0, 300)}`);
    const proof = ((await proofRes.json()) as { proof: string[] }).proof.map(fromBase64);
    if (!verifyConsistency(seen.size, current.size, seen.rootHash, current.rootHash, proof)) {
      console.error(`FORK: the head of size ${current.size} is not consistent with the head of size ${seen.size} the witness cosigned before`);
      return 1;
    }
  }
  const cosigned = signNote(openNote(note, logKeys).text, signerKey, note);
  writeFileSync(stateFile, cosigned);
  console.log(cosigned);
  return 0;
}

export async function keys(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const config = loadConfig();
  if (sub === 'list') {
    parse(rest, {});
    if (!existsSync(join(config.keyDir, 'keys.json'))) throw new Error(`no log keys in ${config.keyDir} yet: they are made when the server first starts`);
    const file = readKeyFile(config.keyDir);
    console.log(`origin: ${file.origin}`);
    for (const k of file.keys) console.log(`${k.status.padEnd(8)} ${k.verifierKey}  (made ${k.createdAt}${k.revokedAt ? `, revoked ${k.revokedAt}` : k.retiredAt ? `, retired ${k.retiredAt}` : ''})`);
    return 0;
  }
  if (sub !== 'rotate' && sub !== 'revoke') throw new UsageError(`unknown keys command "${sub ?? ''}": list, rotate or revoke HASH`);
  const [which, ...more] = rest;
  if (sub === 'revoke' && (!which || which.startsWith('--'))) throw new UsageError('name the key to revoke by its 8-hex-digit hash (see `yungang keys list`)');
  parse(sub === 'revoke' ? more : rest, {});
  const ring = sub === 'rotate' ? rotateLogKey(config.keyDir) : revokeLogKey(config.keyDir, which!);
  const runtime = await openRuntime(config);
  try {
    await runtime.services.log.recordKeyChange(sub === 'rotate' ? 'key.rotate' : 'key.revoke', { active: ring.trusted.at(-1)!, revoked: ring.revoked });
  } finally {
    await runtime.close();
  }
  console.log(`${sub === 'rotate' ? 'rotated' : `revoked ${which}`}; active key now: ${ring.trusted.at(-1)}. Restart running servers so they sign with it.`);
  return 0;
}
