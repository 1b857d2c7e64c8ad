import { createReadStream } from 'node:fs';
import type { MediaFileResult } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import type { StagedFile } from '../media/staged-file.js';
import { AUDIO_DISPLAY_MIME, type DerivedAudio } from '../media/audio-pipeline.js';
import { AUDIO_MIME, type AudioContainer } from '../media/audio-source.js';
import type { MediaRow, NewMedia } from '../repositories/media.repository.js';

/** Task data keys media intake writes beside an audio field's URL (docs/media.md, Audio). */
export const AUDIO_TASK_FIELDS = ['duration', 'sampleRate', 'channels', 'loudness'];

const mediaUrl = (sha256: string) => `/api/v1/media/${sha256}`;

type AudioMedia = Omit<NewMedia, 'id' | 'orgId' | 'projectId' | 'importId' | 'createdBy'>;

/** Stores the original untouched, the browser copy, the waveform thumbnail and the peaks; returns the file's report and media row. */
export async function storeAudio(blobs: BlobStore, name: string, staged: StagedFile, container: AudioContainer, derived: DerivedAudio): Promise<{ result: MediaFileResult; media: AudioMedia }> {
  const original = await blobs.put(createReadStream(staged.path));
  const display = await blobs.put(createReadStream(derived.displayPath));
  const thumb = await blobs.put(createReadStream(derived.thumbPath));
  const peaks = await blobs.put(createReadStream(derived.peaksPath));
  const audio = { peaksSha256: peaks.sha256, duration: derived.duration, sampleRate: derived.probe.sampleRate, channels: derived.probe.channels, loudness: derived.loudness };
  return {
    result: { name, status: 'stored', sha256: original.sha256, ...describeAudio(display.sha256, audio) },
    media: {
      sha256: original.sha256,
      size: original.size,
      originalName: name,
      mime: AUDIO_MIME[container],
      // A recording has no pixels; the columns are shared with images.
      width: 0,
      height: 0,
      orientation: 1,
      stripped: false,
      displaySha256: display.sha256,
      displayMime: AUDIO_DISPLAY_MIME,
      thumbSha256: thumb.sha256,
      tiles: null,
      audio,
    },
  };
}

/** The report fields of stored audio (also for a duplicate, from its media row). */
export function describeAudio(displaySha256: string, a: NonNullable<NewMedia['audio']>): Pick<MediaFileResult, 'url' | 'thumbnailUrl' | 'peaksUrl' | 'duration' | 'sampleRate' | 'channels' | 'loudness'> {
  const url = mediaUrl(displaySha256);
  return { url, thumbnailUrl: `${url}/thumb`, peaksUrl: `${url}/peaks`, duration: a.duration, sampleRate: a.sampleRate, channels: a.channels, loudness: a.loudness };
}

/** The same, read back from a media row; undefined for an image. */
export function describeStoredAudio(row: MediaRow): ReturnType<typeof describeAudio> | undefined {
  if (row.audio_peaks_sha256 === null || row.audio_duration === null || row.audio_sample_rate === null || row.audio_channels === null) return undefined;
  return describeAudio(row.display_sha256, { peaksSha256: row.audio_peaks_sha256, duration: row.audio_duration, sampleRate: row.audio_sample_rate, channels: row.audio_channels, loudness: row.audio_loudness });
}

/** The task data an audio file brings besides its URL. */
export function audioTaskData(result: MediaFileResult): Record<string, unknown> {
  return { duration: result.duration, sampleRate: result.sampleRate, channels: result.channels, loudness: result.loudness ?? null };
}
