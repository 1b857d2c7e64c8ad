/**
 * Minimal PDFs written by hand for tests: pages of Helvetica text (a real text layer) and pages that
 * are only a JPEG (a "scan", no text layer). Enough structure for pdf.js and poppler: catalog, page
 * tree, pages, content streams, a cross-reference table with exact byte offsets.
 */

/** A line of text at (x, y) in PDF points from the page's bottom-left corner. */
export interface PdfTextLine {
  x: number;
  y: number;
  size: number;
  text: string;
}

/** A page: lines of text, or a JPEG filling the page (a scanned page). */
export type PdfPage = { width: number; height: number; lines: PdfTextLine[] } | { width: number; height: number; jpeg: Buffer; pixelWidth: number; pixelHeight: number };

/** PDF literal strings escape backslash and parentheses; Helvetica with WinAnsi covers ASCII. */
const literal = (s: string) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;

export function writePdf(pages: PdfPage[]): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const stream = (dict: string, data: Buffer): Buffer => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);

  // Object numbers: 1 catalog, 2 page tree, 3 font; pages after.
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('PLACEHOLDER');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const page of pages) {
    let resources = '/Font << /F1 3 0 R >>';
    let content: string;
    if ('jpeg' in page) {
      const image = add(stream(`/Type /XObject /Subtype /Image /Width ${page.pixelWidth} /Height ${page.pixelHeight} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode`, page.jpeg));
      resources = `/XObject << /Im1 ${image} 0 R >>`;
      content = `q ${page.width} 0 0 ${page.height} 0 0 cm /Im1 Do Q`;
    } else {
      content = page.lines.map((l) => `BT /F1 ${l.size} Tf ${l.x} ${l.y} Td ${literal(l.text)} Tj ET`).join('\n');
    }
    const contents = add(stream('', Buffer.from(content, 'latin1')));
    kids.push(add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Resources << ${resources} >> /Contents ${contents} 0 R >>`));
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1');

  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const part = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(part);
    offset += part.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
