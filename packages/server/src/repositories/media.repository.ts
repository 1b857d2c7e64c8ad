import type { Selectable } from 'kysely';
import type { Tx } from '../db/database.js';
import type { MediaTable } from '../db/schema.js';

export type MediaRow = Selectable<MediaTable>;

export interface NewMedia {
  id: string;
  orgId: string;
  projectId: string;
  /** Null for images derived by a job (pipeline, augmentation) before their import exists. */
  importId: string | null;
  sha256: string;
  size: number;
  originalName: string;
  mime: string;
  width: number;
  height: number;
  orientation: number;
  stripped: boolean;
  displaySha256: string;
  displayMime: string;
  thumbSha256: string;
  tiles: { sha256: string; tileSize: number; overlap: number; format: string } | null;
  /** Recordings only (docs/media.md, Audio). */
  audio?: { peaksSha256: string; duration: number; sampleRate: number; channels: number; loudness: number | null };
  /** Videos only (docs/media.md, Video). */
  video?: { frameIndexSha256: string; fps: number; frames: number; duration: number; codec: string };
  /** Documents only (docs/documents.md). */
  document?: { layoutSha256: string; pages: number; textLength: number };
  createdBy: string | null;
}

/** The project's media for this original file, if it has it (for duplicates). */
export async function findProjectMedia(tx: Tx, projectId: string, sha256: string): Promise<MediaRow | undefined> {
  return tx.selectFrom('media').selectAll().where('project_id', '=', projectId).where('sha256', '=', sha256).executeTakeFirst();
}

/** Media of the transaction's organisation served under this name, or whose video's full-resolution copy it is (row-level security limits it to that organisation). */
export async function findMediaByDisplay(tx: Tx, displaySha256: string): Promise<MediaRow | undefined> {
  return tx
    .selectFrom('media')
    .selectAll()
    .where((eb) => eb.or([eb('display_sha256', '=', displaySha256), eb('video_full_sha256', '=', displaySha256)]))
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

/** Inserts the row unless the project has the file already (a concurrent upload): then undefined. */
export async function insertMedia(tx: Tx, m: NewMedia): Promise<string | undefined> {
  const row = await tx
    .insertInto('media')
    .values({
      id: m.id,
      org_id: m.orgId,
      project_id: m.projectId,
      import_id: m.importId,
      sha256: m.sha256,
      size: m.size,
      original_name: m.originalName,
      mime: m.mime,
      width: m.width,
      height: m.height,
      orientation: m.orientation,
      stripped: m.stripped,
      display_sha256: m.displaySha256,
      display_mime: m.displayMime,
      thumb_sha256: m.thumbSha256,
      tiles_sha256: m.tiles?.sha256 ?? null,
      tile_size: m.tiles?.tileSize ?? null,
      tile_overlap: m.tiles?.overlap ?? null,
      tile_format: m.tiles?.format ?? null,
      audio_peaks_sha256: m.audio?.peaksSha256 ?? null,
      audio_duration: m.audio?.duration ?? null,
      audio_sample_rate: m.audio?.sampleRate ?? null,
      audio_channels: m.audio?.channels ?? null,
      audio_loudness: m.audio?.loudness ?? null,
      video_frame_index_sha256: m.video?.frameIndexSha256 ?? null,
      video_fps: m.video?.fps ?? null,
      video_frames: m.video?.frames ?? null,
      video_duration: m.video?.duration ?? null,
      video_codec: m.video?.codec ?? null,
      document_layout_sha256: m.document?.layoutSha256 ?? null,
      document_pages: m.document?.pages ?? null,
      document_text_length: m.document?.textLength ?? null,
      created_by: m.createdBy,
    })
    .onConflict((oc) => oc.columns(['project_id', 'sha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function setMediaTask(tx: Tx, id: string, taskId: string): Promise<void> {
  await tx.updateTable('media').set({ task_id: taskId }).where('id', '=', id).execute();
}

/** Names a video's full-resolution copy (the `video-full` job's one write); false when the row is gone. */
export async function setMediaVideoFull(tx: Tx, id: string, fullSha256: string): Promise<boolean> {
  const r = await tx.updateTable('media').set({ video_full_sha256: fullSha256 }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** One task, returning its id (media intake reports each file's task). */
export async function insertTaskReturningId(tx: Tx, t: { orgId: string; projectId: string; importId: string; data: Record<string, unknown> }): Promise<string> {
  const row = await tx.insertInto('tasks').values({ org_id: t.orgId, project_id: t.projectId, import_id: t.importId, data: JSON.stringify(t.data) }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function setImportTaskCount(tx: Tx, importId: string, taskCount: number): Promise<void> {
  await tx.updateTable('imports').set({ task_count: taskCount }).where('id', '=', importId).execute();
}
