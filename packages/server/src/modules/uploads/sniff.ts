// What a file is, from its first bytes. The client's Content-Type and file name are never believed: an upload
// is accepted only when its bytes are one of these types (SECURITY.md item 7; Chatwoot CVE-2021-3741).

export interface Sniffed {
  mimeType: string;
  /** Raster images may be shown inline; everything else is served as a download. */
  inline: boolean;
}

/** Raster image types, which are safe to display inline; SVG is never accepted at all. */
export const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const startsWith = (head: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function sniff(head: Buffer): Sniffed | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { mimeType: 'image/png', inline: true };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mimeType: 'image/jpeg', inline: true };
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a')))
    return { mimeType: 'image/gif', inline: true };
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8))
    return { mimeType: 'image/webp', inline: true };
  if (startsWith(head, ascii('%PDF-'))) return { mimeType: 'application/pdf', inline: false };
  if (isPlainText(head)) return { mimeType: 'text/plain; charset=utf-8', inline: false };
  return undefined;
}

/**
 * Plain UTF-8 text with no control bytes but tab/newline, and not markup: a file that looks like HTML, SVG or
 * XML is refused outright rather than trusted to stay a download.
 */
function isPlainText(head: Buffer): boolean {
  if (head.length === 0) return false;
  let text: string;
  try {
    // A multi-byte character cut at the end of the sniffed window is not an error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(head));
  } catch {
    return false;
  }
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return false;
  return !/^\s*</.test(text) && !/<(script|html|svg|iframe|body|\?xml)/i.test(text);
}

function trimPartialUtf8(buf: Buffer): Buffer {
  let end = buf.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = buf[end - i]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > i) end -= i;
    break;
  }
  return buf.subarray(0, end);
}

/** `Content-Disposition` with the original name as RFC 5987 data, and a plain ASCII fallback. */
export function contentDisposition(kind: 'inline' | 'attachment', originalName: string): string {
  const cleaned = originalName.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').slice(0, 255) || 'download';
  const fallback = cleaned.replace(/[^\x20-\x7e]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(cleaned)}`;
}

// Names a browser or OS would treat as markup or script when opened locally: refused whatever the bytes say
// (an HTML polyglot that sniffs as plain text is still HTML to whoever double-clicks it).
const MARKUP_EXTENSIONS = new Set([
  'html',
  'htm',
  'xhtml',
  'shtml',
  'xht',
  'mht',
  'mhtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'xslt',
  'js',
  'mjs',
  'cjs',
  'hta',
  'swf',
  'php',
  'jsp',
  'asp',
  'aspx',
]);

/** True when the name's last extension (trailing dots and spaces ignored, as Windows does) is markup or script. */
export function markupName(name: string): boolean {
  let end = name.length;
  while (end > 0 && (name[end - 1] === '.' || name[end - 1] === ' ')) end--;
  const trimmed = name.slice(0, end);
  const dot = trimmed.lastIndexOf('.');
  return dot !== -1 && MARKUP_EXTENSIONS.has(trimmed.slice(dot + 1).toLowerCase());
}
