/** The contract of annotation-format import and export for image projects (docs/formats.md). */
import Type, { type Static } from 'typebox';

/**
 * Formats of other tools: COCO JSON, YOLO zip, Pascal VOC zip, CVAT for images 1.1 XML, Label Studio JSON;
 * for audio projects the speech corpora Kaldi (data directory zip), WeNet (data.list) and NeMo (manifest);
 * for video projects MOTChallenge sequences (zip) and CVAT for video 1.1 XML (`cvatvideo`).
 */
export const AnnotationFormat = Type.Union([Type.Literal('coco'), Type.Literal('yolo'), Type.Literal('voc'), Type.Literal('cvat'), Type.Literal('labelstudio'), Type.Literal('kaldi'), Type.Literal('wenet'), Type.Literal('nemo'), Type.Literal('mot'), Type.Literal('cvatvideo')]);
export type AnnotationFormat = Static<typeof AnnotationFormat>;

/**
 * Export only (audio projects): a zip of one 16 kHz mono WAV per delivered segment with `manifest.jsonl`
 * and `transcripts.txt`. Kept out of AnnotationFormat because clips cannot be imported.
 */
export const ClipsExportFormat = Type.Literal('clips');
export type ClipsExportFormat = Static<typeof ClipsExportFormat>;

/** How imported shapes enter: as the importing user's annotations, or as model predictions. */
export const ImportTarget = Type.Union([Type.Literal('annotations'), Type.Literal('predictions')]);
export type ImportTarget = Static<typeof ImportTarget>;

/** Query parameters of an annotation-format import (besides `format`). */
export const FormatImportQuery = {
  baseUrl: Type.Optional(Type.String({ description: 'prefix for image (or, for kaldi|wenet|nemo, audio) file names that are not URLs already: URL = baseUrl + file_name' })),
  as: Type.Optional(ImportTarget),
  modelVersion: Type.Optional(Type.String({ maxLength: 200, description: 'model version stored with imported predictions' })),
  imageExtension: Type.Optional(Type.String({ maxLength: 10, description: 'YOLO: extension of the images when the zip has no images.txt / train.txt list' })),
};
