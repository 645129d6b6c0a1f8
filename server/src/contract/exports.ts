// Exports of the lists behind figures (issue 17): the supervision lists as .xlsx (the dashboard's
// lists: contract/assessment.ts dashboardListExportQuery).
import { z } from 'zod';
import { blankAsMissing, intText } from './fields.ts';

export const supervisionExportQuery = z.object({
  kind: z.enum(['overdue', 'near_deadline'], { error: 'kind 应为 overdue 或 near_deadline' }),
  days: blankAsMissing(intText('天数 days', 1, 60)).transform((v) => v ?? 3),
  township: blankAsMissing(z.string().regex(/^\d{12}$/, '乡镇(街道)代码 township 应为 12 位数字')),
});
export type SupervisionExportQuery = z.infer<typeof supervisionExportQuery>;
