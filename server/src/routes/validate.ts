// Request validation: a zod schema or a 400 that names every bad field.
import type { z } from 'zod';
import { invalidInput } from '../errors.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, code?: string, message?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, code, message);
  return result.data;
}
