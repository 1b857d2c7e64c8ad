import { createReadStream } from 'node:fs';
import type { MediaFileResult } from '@yungang/core';
import type { BlobRef, BlobStore } from '../blobs/blob-store.js';
import { VIDEO_DISPLAY_MIME, type DerivedVideo } from '../media/video-pipeline.js';
import { VIDEO_MIME, type VideoContainer } from '../media/video-source.js';
import type { MediaRow, NewMedia } from '../repositories/media.repository.js';

/** Task data keys media intake writes beside a video field's URL (docs/media.md, Video). */
export const VIDEO_TASK_FIELDS = ['fps', 'frames', 'duration', 'width', 'height'];

const mediaUrl = (sha256: string) => `/api/v1/media/${sha256}`;

type VideoMedia = Omit<NewMedia, 'id' | 'orgId' | 'projectId' | 'importId' | 'createdBy'>;

/**
 * Stores the browser copy (unless the original is one), the poster and the frame index beside the
 * original, which the caller stored untouched (the upload, or before a `video-intake` job was queued).
 */
export async function storeVideo(blobs: BlobStore, name: string, original: BlobRef, container: VideoContainer, derived: DerivedVideo): Promise<{ result: MediaFileResult; media: VideoMedia }> {
  const display = derived.displayPath ? await blobs.put(createReadStream(derived.displayPath)) : original;
  const thumb = await blobs.put(createReadStream(derived.thumbPath));
  const index = await blobs.put(createReadStream(derived.indexPath));
  const video = { frameIndexSha256: index.sha256, fps: derived.fps, frames: derived.frames, duration: derived.duration, codec: derived.probe.codec };
  return {
    result: { name, status: 'stored', sha256: original.sha256, ...describeVideo(display.sha256, derived.width, derived.height, video) },
    media: {
      sha256: original.sha256,
      size: original.size,
      originalName: name,
      mime: VIDEO_MIME[container],
      width: derived.width,
      height: derived.height,
      orientation: 1,
      stripped: false,
      displaySha256: display.sha256,
      displayMime: VIDEO_DISPLAY_MIME,
      thumbSha256: thumb.sha256,
      tiles: null,
      video,
    },
  };
}

/** The report fields of a stored video (also for a duplicate, from its media row). */
export function describeVideo(displaySha256: string, width: number, height: number, v: NonNullable<NewMedia['video']>): Pick<MediaFileResult, 'url' | 'thumbnailUrl' | 'framesUrl' | 'width' | 'height' | 'fps' | 'frames' | 'duration'> {
  const url = mediaUrl(displaySha256);
  return { url, thumbnailUrl: `${url}/thumb`, framesUrl: `${url}/frames`, width, height, fps: v.fps, frames: v.frames, duration: v.duration };
}

/** The same, read back from a media row; undefined for anything but a video. */
export function describeStoredVideo(row: MediaRow): ReturnType<typeof describeVideo> | undefined {
  if (row.video_frame_index_sha256 === null || row.video_fps === null || row.video_frames === null || row.video_duration === null) return undefined;
  return describeVideo(row.display_sha256, row.width, row.height, { frameIndexSha256: row.video_frame_index_sha256, fps: row.video_fps, frames: row.video_frames, duration: row.video_duration, codec: row.video_codec ?? 'unknown' });
}

/** The task data a video brings besides its URL: `{fps, frames, duration, width, height}`. */
export function videoTaskData(result: MediaFileResult): Record<string, unknown> {
  return { fps: result.fps, frames: result.frames, duration: result.duration, width: result.width, height: result.height };
}
