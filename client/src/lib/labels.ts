// Chinese labels for area levels and types; type labels come from the shared vocabulary.
import { TOWNSHIP_TYPES, VILLAGE_TYPES, type AreaLevel } from '../../../server/src/contract/vocab.ts';
import type { AreaType } from '../api/types.ts';

export const LEVEL_LABELS: Record<AreaLevel, string> = {
  township: '乡镇(街道)',
  village: '村(社区)',
  grid: '网格',
};

/** Counting word for "N 个…" sentences. */
export const LEVEL_COUNT_NOUNS: Record<AreaLevel, string> = {
  township: '个乡镇(街道)',
  village: '个村(社区)',
  grid: '个网格',
};

export function areaTypeLabel(type: AreaType): string {
  if (type === 'grid') return '网格';
  if (type in TOWNSHIP_TYPES) return TOWNSHIP_TYPES[type as keyof typeof TOWNSHIP_TYPES];
  if (type in VILLAGE_TYPES) return VILLAGE_TYPES[type as keyof typeof VILLAGE_TYPES];
  return type;
}
