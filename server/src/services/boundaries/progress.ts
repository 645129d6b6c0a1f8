// The server-side step indicator of a long boundary import: the client names a token when it uploads
// (header x-progress-token) and polls GET /api/boundaries/progress/:token while it waits.
// In memory and per process: progress is a courtesy, not a record (the audit log is the record).
import type { ImportProgress } from '../../contract/boundaries.ts';

export const STEPS = {
  upload: '上传文件',
  parse: '读取文件',
  reproject: '坐标转换',
  match: '匹配区划',
  store: '保存预览',
  validate: '检查几何与辖区',
  overlaps: '检查重叠',
  gaps: '检查缝隙',
  answer: '整理结果',
  done: '完成',
} as const;
export type Step = keyof typeof STEPS;
const ORDER = Object.keys(STEPS) as Step[];

const KEEP_MS = 10 * 60_000;
const progress = new Map<string, ImportProgress & { at: number }>();

export type Reporter = (step: Step) => void;

export function reporter(token: string | undefined): Reporter {
  if (!token || !/^[A-Za-z0-9_-]{8,64}$/.test(token)) return () => {};
  return (step) => {
    const now = Date.now();
    for (const [k, v] of progress) if (now - v.at > KEEP_MS) progress.delete(k);
    progress.set(token, { step, label: STEPS[step], index: ORDER.indexOf(step), total: ORDER.length - 1, done: step === 'done', at: now });
  };
}

export function readProgress(token: string): ImportProgress | null {
  const p = progress.get(token);
  if (!p) return null;
  const { at: _at, ...rest } = p;
  return rest;
}
