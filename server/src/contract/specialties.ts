// Specialties (专长): the vocabulary of mediators' specialties, kept in the `specialties` table and
// extended by admins (issue 17 §4). `specialist` marks the 7 specialist industries (vocab.ts
// SPECIALTIES): only those change who a dispute goes to (services/dispatch/rule.ts); the general ones
// (婚姻家庭 …) are recorded and searchable.
import { z } from 'zod';
import { pattern, text } from './fields.ts';

/** A specialty code: lower-case latin letters, digits and `_`, as stored in mediators.specialties. */
export const SPECIALTY_CODE = /^[a-z][a-z0-9_]{1,39}$/;
export const specialtyCode = pattern('专长编码', SPECIALTY_CODE, '专长编码应为 2–40 位小写字母、数字或下划线，以字母开头（例：marriage_family）');

/** POST /api/specialties (admin): a general specialty; the specialist ones come with the system. */
export const specialtyBody = z.object({
  code: specialtyCode,
  label: text('专长名称', 20).refine((s) => /\p{Script=Han}/u.test(s), '专长名称应为中文（例：婚姻家庭）'),
}).strict();
export type SpecialtyBody = z.infer<typeof specialtyBody>;

export interface SpecialtyItem {
  code: string;
  label: string;
  /** One of the 7 specialist industries the assignment rule matches. */
  specialist: boolean;
  created_at: string;
}
