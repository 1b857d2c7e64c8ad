import { createHash } from 'node:crypto';
import { canonicalJson, canonicalJsonBytes, hex, MerkleAccumulator } from '@yungang/core';
import type { LogEvent } from '../repositories/log.repository.js';

/**
 * The events the acts write to the transparency log, built in one place so that the audit recomputes
 * exactly the hashes the acts logged. Each event names its subject and carries SHA-256 digests of the
 * content it vouches for (never the content itself: the log is shared by every tenant's proofs).
 */

/** SHA-256 (hex) of a JSON value's canonical form (RFC 8785): equal values hash equal however they were stored. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

const LEAF_PREFIX = new Uint8Array([0]);
const NODE_PREFIX = new Uint8Array([1]);

/** Streams task data into the Merkle root an import event records; the audit rebuilds it from the rows. */
export class TaskDigest {
  private readonly acc = new MerkleAccumulator((left, right) => new Uint8Array(createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest()));
  add(data: unknown): void {
    // The RFC 6962 leaf hash with Node's native SHA-256: imports hash every task, so speed matters here.
    this.acc.addLeafHash(new Uint8Array(createHash('sha256').update(LEAF_PREFIX).update(canonicalJsonBytes(data)).digest()));
  }
  /** The same leaf for data already written as canonical JSON (RFC 8785), given as its UTF-8 bytes: no parse, no re-serialise. */
  addCanonical(json: Uint8Array): void {
    this.acc.addLeafHash(new Uint8Array(createHash('sha256').update(LEAF_PREFIX).update(json).digest()));
  }
  get count(): number {
    return this.acc.size;
  }
  root(): string {
    return hex(this.acc.root());
  }
}

interface Actor {
  orgId: string;
  actorId: string | null;
}

export function importEvent(a: Actor, p: { importId: string; projectId: string; format: string; fileName: string | null; sourceSha256: string; sourceBytes: number; taskCount: number; tasksRoot: string }): LogEvent {
  return {
    kind: 'import',
    ...a,
    subject: { type: 'import', id: p.importId },
    projectId: p.projectId,
    data: { format: p.format, fileName: p.fileName, sourceSha256: p.sourceSha256, sourceBytes: p.sourceBytes, taskCount: p.taskCount, tasksRoot: p.tasksRoot },
  };
}

export function annotationVersionEvent(a: Actor, p: { annotationId: string; projectId: string; taskId: string; version: number; result: unknown; edit: boolean }): LogEvent {
  return {
    kind: p.edit ? 'annotation.edit' : 'annotation.submit',
    ...a,
    subject: { type: 'annotation', id: p.annotationId },
    projectId: p.projectId,
    taskId: p.taskId,
    data: { version: p.version, resultSha256: contentHash(p.result) },
  };
}

export function projectEvent(a: Actor, p: { kind: 'project.create' | 'project.update'; projectId: string; config: unknown; overlap: number; policy: unknown; fields?: string[] }): LogEvent {
  return {
    kind: p.kind,
    ...a,
    subject: { type: 'project', id: p.projectId },
    projectId: p.projectId,
    data: { configSha256: contentHash(p.config), overlap: p.overlap, qualityPolicySha256: contentHash(p.policy), ...(p.fields ? { fields: p.fields } : {}) },
  };
}

export function exportEvent(a: Actor, p: { projectId: string; format: string }): LogEvent {
  return { kind: 'export', ...a, subject: { type: 'project', id: p.projectId }, projectId: p.projectId, data: { format: p.format, recipient: a.actorId } };
}

export function memberEvent(a: Actor, p: { userId: string; role: string; kind: 'member.add' | 'org.create' }): LogEvent {
  return { kind: p.kind, ...a, subject: { type: 'user', id: p.userId }, data: { role: p.role } };
}

/** A member disabled or enabled in the organisation; the reason is vouched for by its hash only (it may name people). */
export function memberAccessEvent(a: Actor, p: { userId: string; kind: 'member.disable' | 'member.enable'; reason: string | null }): LogEvent {
  return { kind: p.kind, ...a, subject: { type: 'user', id: p.userId }, data: p.reason === null ? {} : { reasonSha256: contentHash(p.reason) } };
}

export function datasetVersionEvent(
  a: Actor,
  p: { id: string; projectId: string; version: number; name: string; itemCount: number; itemsRoot: string; dataSha256: string; dataBytes: number },
): LogEvent {
  return {
    kind: 'dataset.version',
    ...a,
    subject: { type: 'dataset-version', id: p.id },
    projectId: p.projectId,
    data: { version: p.version, name: p.name, itemCount: p.itemCount, itemsRoot: p.itemsRoot, dataSha256: p.dataSha256, dataBytes: p.dataBytes },
  };
}

/** A delivered copy: the log commits to the fingerprint secret (its hash), never the secret itself. */
export function deliveryEvent(a: Actor, p: { datasetVersionId: string; projectId: string; deliveryId: string; recipientUserId: string; secret: Uint8Array }): LogEvent {
  return {
    kind: 'dataset.download',
    ...a,
    subject: { type: 'dataset-version', id: p.datasetVersionId },
    projectId: p.projectId,
    data: { delivery: p.deliveryId, recipient: p.recipientUserId, fingerprintSha256: createHash('sha256').update(p.secret).digest('hex') },
  };
}

/** A finished real exam attempt: its score and a hash of the answers it was scored on (docs/training.md). */
export function examAttemptEvent(a: Actor, p: { attemptId: string; examId: string; score: number; passed: boolean; answers: unknown }): LogEvent {
  return { kind: 'exam.finish', ...a, subject: { type: 'exam-attempt', id: p.attemptId }, data: { exam: p.examId, score: p.score, passed: p.passed, answersSha256: contentHash(p.answers) } };
}

/** A certification granted or renewed by a pass, suspended, revoked or reinstated; a reason only as its hash (it may name people). */
export function certificationEvent(
  a: Actor,
  p: { kind: 'certification.grant' | 'certification.suspend' | 'certification.revoke' | 'certification.reinstate'; certificationId: string; userId: string; attemptId?: string; expiresAt?: string | null; reason?: string },
): LogEvent {
  return {
    kind: p.kind,
    ...a,
    subject: { type: 'certification', id: p.certificationId },
    data: {
      user: p.userId,
      ...(p.attemptId !== undefined ? { attempt: p.attemptId } : {}),
      ...(p.expiresAt !== undefined ? { expiresAt: p.expiresAt } : {}),
      ...(p.reason !== undefined ? { reasonSha256: contentHash(p.reason) } : {}),
    },
  };
}
