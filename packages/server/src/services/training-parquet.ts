/**
 * Parquet files of the training records for the Hugging Face export (docs/llm-data.md): one file per
 * record kind with nested columns that mirror the JSON Lines records field for field (messages are lists
 * of `{role, content}` structs, `answers` a struct of two lists), so `datasets` loads the same features
 * from either file. Written with hyparquet-writer (Snappy pages); a kind's records are held in memory
 * while its file is built, as Parquet's column chunks need them together.
 */
import { parquetWriteBuffer, type SchemaElement } from 'hyparquet-writer';
import type { TrainingFormatName } from '@yungang/core';

const string = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
const int32 = (name: string): SchemaElement => ({ name, type: 'INT32', repetition_type: 'REQUIRED' });
const double = (name: string): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'REQUIRED' });
/** A list column in Parquet's three-level LIST form, which pyarrow and hyparquet read as arrays. */
const list = (name: string, element: SchemaElement[]): SchemaElement[] => [
  { name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  ...element,
];
const struct = (name: string, children: SchemaElement[][]): SchemaElement[] => [{ name, repetition_type: 'REQUIRED', num_children: children.length }, ...children.flat()];
const messages = (name: string): SchemaElement[] => list(name, struct('element', [[string('role')], [string('content')]]));

/** The top-level columns of each kind, each as its schema subtree. */
const COLUMNS: Record<TrainingFormatName, [string, SchemaElement[]][]> = {
  sft: [['messages', messages('messages')]],
  preference: [
    ['prompt', messages('prompt')],
    ['chosen', messages('chosen')],
    ['rejected', messages('rejected')],
  ],
  ranking: [
    ['prompt', messages('prompt')],
    ['completions', list('completions', [string('element')])],
    ['ranking', list('ranking', [int32('element')])],
  ],
  reward: [
    ['prompt', messages('prompt')],
    ['response', [string('response')]],
    // A delivered score may be a mean of several raters, so it is a float.
    ['score', [double('score')]],
    ['max_score', [int32('max_score')]],
  ],
  qa: [
    ['id', [string('id')]],
    ['context', [string('context')]],
    ['question', [string('question')]],
    ['answers', struct('answers', [list('text', [string('element')]), list('answer_start', [int32('element')])])],
    ['evidence', list('evidence', struct('element', [[int32('start')], [int32('end')], [string('text')]]))],
  ],
};

/** The Parquet file of one kind's records (the objects of its JSON Lines, in order). */
export function trainingParquet(kind: TrainingFormatName, records: readonly Record<string, unknown>[]): Uint8Array {
  const columns = COLUMNS[kind];
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.flatMap(([, tree]) => tree)];
  const columnData = columns.map(([name]) => ({ name, data: records.map((r) => r[name]) }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, createdBy: 'yungang' }));
}
