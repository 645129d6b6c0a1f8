// The permanent data notice: schematic boundaries and demo data must be said on screen.
import type { AreaLevel, GeometrySource } from '../../../server/src/contract/vocab.ts';

const LEVEL_WORDS: Record<AreaLevel, string> = { township: '乡镇', village: '村(社区)', grid: '网格' };
const ORDER: readonly AreaLevel[] = ['township', 'village', 'grid'];

/** "乡镇" / "乡镇及网格" / "乡镇、村(社区)及网格". */
function joinLevels(levels: readonly AreaLevel[]): string {
  const words = ORDER.filter((l) => levels.includes(l)).map((l) => LEVEL_WORDS[l]);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join('、')}及${words[words.length - 1]}`;
}

/** Levels among the displayed ones that have at least one schematic feature. */
export function schematicLevels(
  displayed: Partial<Record<AreaLevel, readonly { properties: { geometry_source: GeometrySource } }[]>>,
): AreaLevel[] {
  return ORDER.filter((l) => (displayed[l] ?? []).some((f) => f.properties.geometry_source === 'schematic'));
}

/**
 * The notice text, or null when there is nothing to warn about.
 * All three levels schematic and demo data → "本图乡镇、村(社区)及网格边界为示意数据，非官方边界；调解员与案件为演示数据".
 */
export function noticeText(levels: readonly AreaLevel[], demo: boolean): string | null {
  const parts: string[] = [];
  if (levels.length > 0) parts.push(`本图${joinLevels(levels)}边界为示意数据，非官方边界`);
  if (demo) parts.push('调解员与案件为演示数据');
  return parts.length ? parts.join('；') : null;
}
