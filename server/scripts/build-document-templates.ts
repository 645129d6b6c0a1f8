// Builds the default court document templates, server/templates/documents/<kind>.docx, from the
// wording below: minimal OOXML written with pizzip, deterministic (fixed zip dates), so the committed
// files can be rebuilt and reviewed. Run: `npx tsx server/scripts/build-document-templates.ts`.
// Typography of the court's documents (GB/T 9704 style): A4, margins 37/35/28/26 mm, body 仿宋 三号 (16 pt)
// on a fixed 28.95 pt line, titles 宋体 bold 二号 (22 pt), page numbers "— 1 —" in 宋体 四号 at the foot.
// The tags ({case_number}, {#parties}…{/parties}) are the fields of server/src/contract/documents.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PizZip from 'pizzip';
import { DOCUMENT_KINDS, type DocumentKind } from '../src/contract/documents.ts';

export const TEMPLATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../templates/documents');

type Line =
  | string // a body paragraph, first line indented two characters
  | { t: string; align?: 'left' | 'center' | 'right'; indent?: boolean; bold?: boolean; size?: number; font?: 'song' | 'fang' | 'hei' };

const flat = (t: string): Line => ({ t, indent: false });
const right = (t: string): Line => ({ t, align: 'right', indent: false });
const heading = (t: string): Line => ({ t, font: 'hei', indent: false });
const loop = (name: string, ...body: Line[]): Line[] => [flat(`{#${name}}`), ...body, flat(`{/${name}}`)];

const PARTIES = loop('parties', flat('{party_role}：{party_name}，联系电话：{party_phone}'));
const SIGN_COURT = [flat(''), right('{court_name}'), right('{today}')];

/** The wording of each default template, after the court name, the title and the case number. */
const BODIES: Record<DocumentKind, Line[]> = {
  delegation_letter: [
    flat('{organisation_name}、{mediator_name}同志：'),
    '本院收到的{parties_text}{dispute_type}一案（{case_title}），经征得当事人同意，根据《中华人民共和国民事诉讼法》第一百二十五条、《最高人民法院关于人民法院特邀调解的规定》的规定，现委派你单位（你）进行诉前调解。',
    '纠纷简要情况：{case_description}',
    '纠纷发生地：{case_address}',
    '调解期限为{mediation_days}日，自{assigned_on}起至{deadline_on}止。达成调解协议的，请制作人民调解协议书并及时告知本院，当事人可以申请司法确认；调解不成的，请出具调解终结证明，连同案件材料退回本院，由本院依法登记立案。',
    heading('附：当事人名单'),
    ...PARTIES,
    ...SIGN_COURT,
  ],
  pre_litigation_notice: [
    flat('{parties_text}：'),
    '你（单位）与对方当事人之间的{dispute_type}（{case_title}），本院经审查认为适宜调解，在立案前委派{organisation_name}调解员{mediator_name}进行诉前调解。现将有关事项告知如下：',
    '一、诉前调解不收取费用。调解期限为{mediation_days}日，自委派之日起计算，至{deadline_on}止；经各方当事人同意，可以适当延长。',
    '二、当事人应当如实陈述纠纷事实，遵守调解秩序，尊重调解员和对方当事人。',
    '三、经调解达成协议的，由调解组织制作人民调解协议书；当事人可以自协议生效之日起三十日内共同向人民法院申请司法确认。',
    '四、调解不成或者当事人不同意继续调解的，由调解组织出具调解终结证明，本院依法登记立案。',
    '五、当事人在调解过程中为达成协议作出的妥协和让步，不得在后续诉讼中作为对其不利的根据，但法律另有规定或者当事人均同意的除外。',
    '调解员：{mediator_name}，联系电话：{mediator_phone}。',
    ...SIGN_COURT,
  ],
  session_record: [
    flat('案由：{case_title}（{dispute_type}）'),
    flat('当事人：{parties_text}'),
    flat('调解员：{mediator_name}（{organisation_name}）'),
    ...loop('sessions',
      heading('第{session_no}次调解'),
      flat('时间：{held_at}'),
      flat('地点：{place}'),
      flat('参加人员：{participants}'),
      flat('调解经过：{account}'),
      flat('结果：{result}')),
    flat(''),
    flat('当事人（签名）：'),
    flat('调解员（签名）：'),
    right('{today}'),
  ],
  mediation_agreement: [
    heading('当事人'),
    ...PARTIES,
    heading('纠纷主要事实、争议事项'),
    '{case_description}',
    heading('经调解，自愿达成如下协议'),
    '经{organisation_name}调解员{mediator_name}主持调解，当事人自愿达成如下协议：{outcome_note}',
    '协议金额：{agreement_amount}。',
    '本协议一式三份，当事人、人民调解委员会各持一份，自各方当事人签名（盖章）、调解员签名并加盖人民调解委员会印章之日起生效。当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。',
    flat(''),
    flat('当事人（签名）：'),
    flat('调解员（签名）：{mediator_name}'),
    right('{organisation_name}（印章）'),
    right('{settled_on}'),
  ],
  judicial_confirmation_application: [
    heading('申请人'),
    ...PARTIES,
    heading('请求事项'),
    '请求确认申请人之间于{settled_on}经{organisation_name}主持达成的人民调解协议有效。',
    heading('事实和理由'),
    '申请人之间的{dispute_type}（{case_title}），经{court_name}委派{organisation_name}调解员{mediator_name}进行诉前调解，于{settled_on}自愿达成调解协议：{outcome_note}（协议金额：{agreement_amount}）。',
    '该协议系申请人的真实意思表示，不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益。申请人根据《中华人民共和国民事诉讼法》第二百零五条、第二百零六条的规定，共同申请人民法院确认该调解协议有效。申请人保证提交的材料真实、合法，知悉虚假调解的法律后果。',
    flat('此致'),
    flat('{court_name}'),
    flat(''),
    right('申请人（签名）：　　　　　　　　'),
    right('{today}'),
  ],
  termination_certificate: [
    flat('{court_name}：'),
    '你院于{assigned_on}委派的{parties_text}{dispute_type}一案（{case_title}），经本组织调解员{mediator_name}调解{session_count}次，当事人未能达成调解协议，调解于{failed_on}终结。',
    '调解不成的原因：{outcome_note}',
    '特此证明，请依法登记立案。',
    flat(''),
    right('{organisation_name}'),
    right('调解员：{mediator_name}'),
    right('{failed_on}'),
  ],
};

// --- OOXML ----------------------------------------------------------------------------------------------

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const FONTS = { fang: '仿宋', song: '宋体', hei: '黑体' } as const;

function paragraph(l: Line): string {
  const o = typeof l === 'string' ? { t: l } : l;
  const font = FONTS[o.font ?? 'fang'];
  const size = (o.size ?? 16) * 2;
  const ind = o.indent === false || o.align === 'center' || o.align === 'right' ? '' : '<w:ind w:firstLineChars="200" w:firstLine="640"/>';
  const jc = o.align && o.align !== 'left' ? `<w:jc w:val="${o.align}"/>` : '<w:jc w:val="both"/>';
  const rPr = `<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="${font}" w:cs="Times New Roman"/>${o.bold ? '<w:b/>' : ''}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`;
  const run = o.t ? `<w:r>${rPr}<w:t xml:space="preserve">${esc(o.t)}</w:t></w:r>` : '';
  return `<w:p><w:pPr><w:spacing w:line="579" w:lineRule="exact"/>${ind}${jc}${rPr}</w:pPr>${run}</w:p>`;
}

function documentXml(kind: DocumentKind): string {
  const lines: Line[] = [
    { t: '{court_name}', align: 'center', font: 'song', bold: true, size: 22 },
    { t: DOCUMENT_KINDS[kind], align: 'center', font: 'song', bold: true, size: 22 },
    right('{case_number}'),
    ...BODIES[kind],
  ];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${lines.map(paragraph).join('')}<w:sectPr><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/></w:sectPr></w:body></w:document>`;
}

const FOOTER = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style></w:styles>`;

// altName: the English names Windows, WPS and macOS know these fonts by (charset 86 = GB2312).
const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;

const DOC_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/></Relationships>`;

const core = (kind: DocumentKind) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${DOCUMENT_KINDS[kind]}</dc:title><dc:creator>信阳市浉河区人民法院</dc:creator></cp:coreProperties>`;

/** One default template as .docx bytes. */
export function buildTemplate(kind: DocumentKind): Buffer {
  const zip = new PizZip();
  const date = new Date('2026-12-01T00:00:00Z'); // fixed: the same wording gives the same bytes
  const add = (name: string, text: string) => zip.file(name, text, { date });
  add('[Content_Types].xml', CONTENT_TYPES);
  add('_rels/.rels', RELS);
  add('docProps/core.xml', core(kind));
  add('word/document.xml', documentXml(kind));
  add('word/_rels/document.xml.rels', DOC_RELS);
  add('word/styles.xml', STYLES);
  add('word/fontTable.xml', FONT_TABLE);
  add('word/footer1.xml', FOOTER);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  for (const kind of Object.keys(DOCUMENT_KINDS) as DocumentKind[]) {
    const file = path.join(TEMPLATE_DIR, `${kind}.docx`);
    fs.writeFileSync(file, buildTemplate(kind));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
