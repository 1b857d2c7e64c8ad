import { open } from 'node:fs/promises';

export const PDF_MIME = 'application/pdf';
export const ACCEPTED_DOCUMENT = 'PDF files';

/**
 * True when the file is a PDF: `%PDF-` within its first 1,024 bytes (the specification allows junk
 * before the header, and some scanners write it). Never judged by the file name.
 */
export async function sniffPdf(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).includes('%PDF-', 0, 'latin1');
  } finally {
    await handle.close();
  }
}
