/**
 * Track formats in and out of video projects (docs/formats.md, Video tracks): MOTChallenge sequences (a
 * zip of folders with gt/gt.txt and seqinfo.ini) and CVAT for video 1.1 XML (one file per video, or a
 * zip of them). The converters are core's; this file reads the upload into planned tasks (one per
 * video, its tracks as results) and builds the download. The import and export services call it for
 * `mot|cvatvideo`.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { DEFAULT_FPS, FormatError, buildCvatVideo, buildMot, parseCvatVideo, parseMot, tracksToResult, type ExportImage, type ExportReport, type FormatIssue, type FormatVideo, type LabelConfig } from '@yungang/core';

export type VideoFormat = 'mot' | 'cvatvideo';

export function isVideoFormat(format: string): format is VideoFormat {
  return format === 'mot' || format === 'cvatvideo';
}

/** A video task to create: its data and the tracks as a result (empty when the video has none). */
export interface VideoTaskPlan {
  where: string;
  data: Record<string, unknown>;
  result: unknown[];
  /** The mean confidence of the tracks when the file carries one (MOT's conf column). */
  score: number | null;
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Text files of a zip (MOT: .txt, .ini, info.xml; CVAT: .xml), folders and macOS metadata left out. */
function unzipText(bytes: Uint8Array): Map<string, string> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') && !f.name.startsWith('__MACOSX/') && /\.(txt|ini|xml)$/i.test(f.name) });
  } catch (e) {
    throw new FormatError('zip', `cannot be read: ${(e as Error).message}`);
  }
  return new Map(Object.entries(entries).map(([name, data]) => [name, decode(data)]));
}

const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b;

function videoUrl(name: string, baseUrl: string | undefined): string {
  if (/^https?:\/\//i.test(name) || baseUrl === undefined) return name;
  return baseUrl.endsWith('/') || name.startsWith('/') ? `${baseUrl}${name}` : `${baseUrl}/${name}`;
}

/** Reads a track-format upload into one planned task per video, its tracks matched to the project's track controls. */
export function planVideoImport(format: VideoFormat, bytes: Uint8Array, fileName: string, config: LabelConfig, baseUrl: string | undefined): { tasks: VideoTaskPlan[]; skipped: string[]; issues: FormatIssue[] } {
  const field = config.fields.find((f) => f.type === 'video');
  if (!field) throw new FormatError('format', `${format} files hold video tracks, and this project has no video field; import them into a video project`);
  let videos: FormatVideo[];
  const skipped: string[] = [];
  if (format === 'mot') {
    // Rows without a class get the project's box label when it has just one (PathTrack files have none).
    const boxLabels = config.controls.flatMap((c) => (c.type === 'videorectangle' ? c.labels.map((l) => l.value) : []));
    const files = isZip(bytes) ? unzipText(bytes) : new Map([['gt/gt.txt', decode(bytes)]]);
    const dataset = parseMot(files, boxLabels.length === 1 ? { defaultLabel: boxLabels[0]! } : {});
    videos = dataset.videos;
    skipped.push(...dataset.skipped);
  } else {
    const files = isZip(bytes) ? [...unzipText(bytes)].filter(([name]) => name.endsWith('.xml')) : [[fileName, decode(bytes)] as [string, string]];
    if (files.length === 0) throw new FormatError('zip', 'holds no .xml file; CVAT exports annotations.xml');
    videos = files.map(([name, xml]) => {
      const parsed = parseCvatVideo(xml, name);
      skipped.push(...parsed.skipped);
      return parsed.video;
    });
  }
  const issues: FormatIssue[] = [];
  const tasks = videos.map((video, v): VideoTaskPlan => {
    const where = `video ${JSON.stringify(video.name)}`;
    const fps = video.fps ?? DEFAULT_FPS;
    const frames = Math.max(1, video.frames ?? 1);
    const { result, issues: found, skipped: left } = tracksToResult(video.tracks, config, { frames, fps }, `v${v + 1}-`);
    issues.push(...found);
    skipped.push(...left.map((s) => `${where}: ${s}`));
    const scores = video.tracks.flatMap((t) => (t.score === undefined ? [] : [t.score]));
    const data: Record<string, unknown> = { [field.name]: videoUrl(video.name, baseUrl), frames, fps, duration: frames / fps, ...(video.size ?? {}) };
    return { where, data, result, score: scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : null };
  });
  if (videos.some((v) => v.fps === undefined)) skipped.push(`no frame rate in the file: ${DEFAULT_FPS} fps assumed for keyframe times and durations`);
  return { tasks, skipped, issues };
}

/** The download of a track export: MOT is always a zip of sequences; CVAT for video one XML, or a zip of one per video. */
export function videoExportBody(format: VideoFormat, videos: readonly ExportImage[], config: LabelConfig): { fileExt: 'zip' | 'xml'; body: Buffer; report: ExportReport } {
  const { files, report } = format === 'mot' ? buildMot(videos, config) : buildCvatVideo(videos, config);
  if (format === 'cvatvideo' && files.size === 1) return { fileExt: 'xml', body: Buffer.from([...files.values()][0]!), report };
  return { fileExt: 'zip', body: Buffer.from(zipSync(Object.fromEntries([...files].map(([name, text]) => [name, strToU8(text)])))), report };
}
