import type { Readable } from 'node:stream';
import type { Database } from '../db/database.js';
import type { BlobStore, ByteRange } from '../blobs/blob-store.js';
import { parseByteRange } from '../media/byte-range.js';
import { notFound } from '../http/app-error.js';
import { listMembershipAccess } from '../repositories/member-access.repository.js';
import { findMediaByDisplay, type MediaRow } from '../repositories/media.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { dziDescriptor, type TileManifest } from '../media/tile-pyramid.js';
import { SpectrogramRenderer } from '../media/audio-spectrogram.js';
import type { DocumentLayout } from '@yungang/core';
import { resolveTenant } from './tenant-resolver.js';
import { requirePermission, type Caller, type TenantContext } from './context.js';

/** What a media route asks for: the image as served, its thumbnail, the untouched original, the Deep Zoom descriptor or one tile. */
/** `range`: the request's Range header, for the display variant (browsers seek in video and audio with ranges). */
export type MediaVariant = { kind: 'display'; range?: string } | { kind: 'frames' } | { kind: 'thumb' } | { kind: 'peaks' } | { kind: 'spectrogram'; start: number; end: number; width: number; height: number } | { kind: 'original' } | { kind: 'descriptor' } | { kind: 'tile'; level: number; col: number; row: number; format: string } | DocumentVariant;

/** A document's layout manifest, or one page's picture, thumbnail or text layer (docs/documents.md). */
export type DocumentVariant = { kind: 'layout' } | { kind: 'page'; page: number; part: 'image' | 'thumb' | 'text' };

export interface MediaBody {
  body: Readable | string | Buffer;
  contentType: string;
  /** The whole body's length, when ranges may be asked for (the display variant). */
  size?: number;
  /** The part sent (206), or why none can be (416); absent: the whole body. */
  range?: ByteRange | 'unsatisfiable';
  /** The answer may change under the same URL (the frame index gains `fullUrl`): not to be cached as immutable. */
  mutable?: boolean;
}

/** Parsed tile manifests, by their blob's SHA-256: content-addressed, so a cached one is never stale. */
const MANIFEST_CACHE_SIZE = 32;

/**
 * Serves media bytes behind the tenant wall. Media URLs name no organisation (an <img> sends the cookie,
 * no X-Org-Id), so the caller's organisations are tried in turn, each inside its own tenant transaction:
 * row-level security decides what each may see, exactly as for every other read. A caller in no
 * organisation holding the media gets 404, the same as for media that does not exist.
 */
export class MediaAccessService {
  private readonly manifests = new Map<string, TileManifest>();
  private readonly layouts = new Map<string, DocumentLayout>();
  private spectrograms: SpectrogramRenderer | undefined;

  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
  ) {}

  async open(caller: Caller, sha256: string, variant: MediaVariant, requestedOrgId: string | undefined, address: string | undefined): Promise<MediaBody> {
    const { ctx, row } = await this.locate(caller, sha256, requestedOrgId, address);
    // The original may still carry GPS and camera data the served copy was stripped of: it goes with exports.
    requirePermission(ctx, variant.kind === 'original' ? 'project.export' : 'project.read');
    // Opening an image is audited like opening a task; its tiles are pieces of the one image the descriptor opened,
    // and a recording's peaks are the picture of the audio whose opening is audited.
    // A player's follow-up range requests (seeking) are parts of the one opening the first request audited.
    const continuing = variant.kind === 'display' && variant.range !== undefined && !/^bytes=0-/.test(variant.range);
    // A document's pages are pieces of the document whose layout (or file) the viewer opened, like tiles.
    if (variant.kind !== 'tile' && variant.kind !== 'peaks' && variant.kind !== 'spectrogram' && variant.kind !== 'frames' && variant.kind !== 'page' && !continuing) {
      await this.database.tenant(ctx, (tx) =>
        appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'media.read', objectType: 'media', objectId: sha256, details: { variant: variant.kind, projectId: row.project_id, taskId: row.task_id, name: row.original_name } }),
      );
    }
    switch (variant.kind) {
      case 'display':
        // A video's full-resolution copy is served under its own name, to whoever may see its media row.
        return this.display(row, sha256 === row.video_full_sha256 ? sha256 : row.display_sha256, variant.range);
      case 'frames':
        if (!row.video_frame_index_sha256) throw notFound('frame index (only videos have one)', { sha256 });
        return this.frameIndex(row);
      case 'thumb':
        return { body: await this.blob(row.thumb_sha256), contentType: 'image/webp' };
      case 'peaks':
        if (!row.audio_peaks_sha256) throw notFound('waveform peaks (only audio has them)', { sha256 });
        return { body: await this.blob(row.audio_peaks_sha256), contentType: 'application/octet-stream' };
      case 'spectrogram':
        // Drawn from the browser copy on demand, for the window the workbench shows (media/audio-spectrogram.ts).
        if (!row.audio_peaks_sha256) throw notFound('spectrogram (only audio has one)', { sha256 });
        this.spectrograms ??= new SpectrogramRenderer(this.blobs);
        return { body: await this.spectrograms.render(sha256, variant.start, variant.end, variant.width, variant.height), contentType: 'image/png' };
      case 'original':
        return { body: await this.blob(row.sha256), contentType: row.mime };
      case 'descriptor': {
        if (!row.tiles_sha256 || row.tile_size === null || row.tile_overlap === null || !row.tile_format) throw notFound('tile pyramid (only images over 8,000 px on a side have one)', { sha256 });
        return { body: dziDescriptor({ width: row.width, height: row.height, tileSize: row.tile_size, overlap: row.tile_overlap, format: row.tile_format }), contentType: 'application/xml' };
      }
      case 'tile': {
        if (!row.tiles_sha256 || variant.format !== row.tile_format) throw notFound('tile', { sha256 });
        const manifest = await this.manifest(row.tiles_sha256);
        const tile = manifest.tiles[`${variant.level}/${variant.col}_${variant.row}`];
        if (!tile) throw notFound('tile', { sha256, level: variant.level, col: variant.col, row: variant.row });
        return { body: await this.blob(tile), contentType: variant.format === 'png' ? 'image/png' : 'image/jpeg' };
      }
      case 'layout':
        if (!row.document_layout_sha256) throw notFound('document layout (only PDFs have one)', { sha256 });
        return { body: await this.blob(row.document_layout_sha256), contentType: 'application/json' };
      case 'page': {
        if (!row.document_layout_sha256) throw notFound('document page (only PDFs have pages)', { sha256 });
        const page = (await this.layout(row.document_layout_sha256)).pages[variant.page - 1];
        if (!page) throw notFound('document page', { sha256, page: variant.page });
        if (variant.part === 'text') return { body: await this.blob(page.text), contentType: 'application/json' };
        return variant.part === 'thumb' ? { body: await this.blob(page.thumb), contentType: 'image/webp' } : { body: await this.blob(page.image), contentType: 'image/jpeg' };
      }
    }
  }

  private async layout(sha256: string): Promise<DocumentLayout> {
    const cached = this.layouts.get(sha256);
    if (cached) return cached;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.blob(sha256)) chunks.push(chunk as Buffer);
    const layout = JSON.parse(Buffer.concat(chunks).toString('utf8')) as DocumentLayout;
    if (this.layouts.size >= MANIFEST_CACHE_SIZE) this.layouts.delete(this.layouts.keys().next().value!);
    this.layouts.set(sha256, layout);
    return layout;
  }

  private async locate(caller: Caller, sha256: string, requestedOrgId: string | undefined, address: string | undefined): Promise<{ ctx: TenantContext; row: MediaRow }> {
    if (requestedOrgId) {
      const ctx = { ...(await resolveTenant(this.database, caller, requestedOrgId, address)), address };
      const row = await this.database.tenant(ctx, (tx) => findMediaByDisplay(tx, sha256));
      if (!row) throw notFound('media', { sha256 });
      return { ctx, row };
    }
    const memberships = await listMembershipAccess(this.database.db, caller.userId);
    for (const m of memberships) {
      if (m.disabled_at) continue;
      const row = await this.database.tenant({ orgId: m.org_id, address }, (tx) => findMediaByDisplay(tx, sha256));
      if (!row) continue;
      // Found: that organisation's sign-in rules (IP allow-list) apply as to any request acting in it.
      const ctx = { ...(await resolveTenant(this.database, caller, m.org_id, address)), address };
      return { ctx, row };
    }
    throw notFound('media', { sha256 });
  }

  /**
   * The frame index blob, with `fullUrl` added once the video's full-resolution copy exists (the `video-full`
   * job). The answer changes then, so it is not cached as immutable like the blobs.
   */
  private async frameIndex(row: MediaRow): Promise<MediaBody> {
    const body = await this.blob(row.video_frame_index_sha256!);
    if (!row.video_full_sha256) return { body, contentType: 'application/json', mutable: true };
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    const index = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    return { body: JSON.stringify({ ...index, fullUrl: `/api/v1/media/${row.video_full_sha256}` }), contentType: 'application/json', mutable: true };
  }

  /** The served file (or a video's full copy, `blobSha256`), whole or the part a Range header asks for. */
  private async display(row: MediaRow, blobSha256: string, rangeHeader: string | undefined): Promise<MediaBody> {
    const size = await this.blobs.size(blobSha256);
    if (size === undefined) throw notFound('media file (its blob is missing from storage; `yungang audit` lists missing files)', { sha256: blobSha256 });
    const range = parseByteRange(rangeHeader, size);
    if (range === 'unsatisfiable') return { body: '', contentType: row.display_mime, size, range };
    const body = await this.blobs.get(blobSha256, range);
    if (!body) throw notFound('media file (its blob is missing from storage; `yungang audit` lists missing files)', { sha256: blobSha256 });
    return { body, contentType: row.display_mime, size, ...(range ? { range } : {}) };
  }

  private async blob(sha256: string): Promise<Readable> {
    const body = await this.blobs.get(sha256);
    if (!body) throw notFound('media file (its blob is missing from storage; `yungang audit` lists missing files)', { sha256 });
    return body;
  }

  private async manifest(sha256: string): Promise<TileManifest> {
    const cached = this.manifests.get(sha256);
    if (cached) return cached;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.blob(sha256)) chunks.push(chunk as Buffer);
    const manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TileManifest;
    if (this.manifests.size >= MANIFEST_CACHE_SIZE) this.manifests.delete(this.manifests.keys().next().value!);
    this.manifests.set(sha256, manifest);
    return manifest;
  }
}
