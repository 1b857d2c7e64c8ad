import { useMemo } from 'react';
import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * A course's markdown, rendered and then sanitised: courses are written by managers but read by everyone,
 * so scripts, event handlers and `javascript:` links are stripped (DOMPurify) before the HTML reaches the
 * page. Images by URL stay, as the guidelines need them.
 */
export function Markdown({ source, testId }: { source: string; testId?: string }) {
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(source, { async: false, gfm: true })), [source]);
  return <div className="markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
