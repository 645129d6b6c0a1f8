// What a file is, from its first bytes (its "magic number"), never from its name or the type the
// browser claims: a .jpg that is really an HTML page is refused. Only the types kept with a case.
import type { AttachmentMime } from '../../contract/case-work.ts';

const startsWith = (buf: Uint8Array, bytes: readonly number[], at = 0) => buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The type of the file, or null when it is none of the accepted ones. */
export function detectFileType(buf: Uint8Array): AttachmentMime | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(buf, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/** The file name extension that goes with a type (a download's name says what it is). */
export const EXTENSION_OF: Record<AttachmentMime, string> = {
  'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'application/pdf': '.pdf',
};
