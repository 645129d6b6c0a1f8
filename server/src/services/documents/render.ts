// One template + one case's field values → the .docx (docxtemplater), and the print view read back
// from that same rendered document: the browser prints what the Word file says, whichever template
// (default or uploaded) is in force.
import Docxtemplater from 'docxtemplater';
import InspectModule from 'docxtemplater/js/inspect-module.js';
import PizZip from 'pizzip';
import type { DocumentValues, PrintParagraph } from '../../contract/documents.ts';

// errorLogging off: a template's mistakes are answered to the admin (templates.ts), not logged as a crash.
const OPTIONS = { paragraphLoop: true, linebreaks: true, nullGetter: () => '', errorLogging: false };

/** The tags a template uses, loops as `name` and their items as `name.item` (throws docxtemplater's errors). */
export function templateTags(docx: Buffer): string[] {
  const inspect = new InspectModule();
  new Docxtemplater(new PizZip(docx), { ...OPTIONS, modules: [inspect] });
  const out: string[] = [];
  const walk = (tags: Record<string, unknown>, prefix: string) => {
    for (const [name, inner] of Object.entries(tags)) {
      out.push(`${prefix}${name}`);
      if (inner && typeof inner === 'object' && Object.keys(inner).length) walk(inner as Record<string, unknown>, `${prefix}${name}.`);
    }
  };
  walk(inspect.getAllTags() as Record<string, unknown>, '');
  return out;
}

export function renderDocx(template: Buffer, values: DocumentValues): Buffer {
  const doc = new Docxtemplater(new PizZip(template), OPTIONS);
  doc.render(values);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
const ALIGN: Record<string, PrintParagraph['align']> = { center: 'center', right: 'right', end: 'right', both: 'both', distribute: 'both', left: 'left', start: 'left' };

/** The paragraphs of a rendered .docx's body, with what the print view needs of their form. */
export function printParagraphs(docx: Buffer): PrintParagraph[] {
  const xml = new PizZip(docx).file('word/document.xml')?.asText() ?? '';
  const body = xml.slice(xml.indexOf('<w:body'), xml.lastIndexOf('<w:sectPr') > 0 ? xml.lastIndexOf('<w:sectPr') : undefined);
  const out: PrintParagraph[] = [];
  for (const m of body.matchAll(/<w:p(?:\s[^>]*)?\/>|<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)) {
    const p = m[1] ?? '';
    const size = Number(/<w:sz w:val="(\d+)"/.exec(p)?.[1] ?? 32) / 2;
    const font = /w:eastAsia="([^"]*)"/.exec(p)?.[1] ?? '';
    const firstChars = /w:firstLineChars="(\d+)"/.exec(p)?.[1];
    const firstTwips = /w:firstLine="(\d+)"/.exec(p)?.[1];
    let textOut = '';
    for (const t of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br(?:\s[^>]*)?\/>/g)) {
      textOut += t[1] !== undefined ? unescape(t[1]) : t[0].startsWith('<w:tab') ? '\t' : t[0].includes('page') ? '' : '\n';
    }
    out.push({
      text: textOut,
      align: ALIGN[/<w:jc w:val="(\w+)"/.exec(p)?.[1] ?? 'left'] ?? 'left',
      size_pt: size > 0 && size < 200 ? size : 16,
      bold: /<w:b\/>|<w:b w:val="(?:1|true|on)"\/>/.test(p),
      font: /仿/.test(font) ? 'fang' : /黑/.test(font) ? 'hei' : /宋/.test(font) ? 'song' : 'fang',
      indent_chars: firstChars ? Number(firstChars) / 100 : firstTwips ? Math.round(Number(firstTwips) / (size * 20)) : 0,
      page_break_before: /<w:pageBreakBefore\/>|<w:br w:type="page"\/>/.test(p),
    });
  }
  return out;
}
