/** Small readers for untrusted JSON: each names where a value is wrong, so import errors point into the file. */
import { FormatError } from './shapes.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, where: string): JsonObject {
  if (!isObject(value)) throw new FormatError(where, 'must be a JSON object');
  return value;
}

export function arrayAt(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new FormatError(where, 'must be a JSON array');
  return value;
}

/** A finite number; numeric strings are accepted because some tools write them (`"iscrowd": "false"` exists too). */
export function numberAt(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new FormatError(where, `must be a number, got ${JSON.stringify(value) ?? 'nothing'}`);
  return n;
}

export function stringAt(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new FormatError(where, `must be a non-empty string, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}
