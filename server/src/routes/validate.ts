// Request validation: a zod schema or a 400 that names every bad field.
import type { z } from 'zod';
import { findUnstorableText, unstorableMessage } from '../contract/fields.ts';
import { HttpError, invalidInput } from '../errors.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, code?: string, message?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, code, message);
  // Every string of the input, whatever its schema: JSON.parse accepts a lone surrogate ("\ud800"),
  // which PostgreSQL cannot store. The text types of contract/fields.ts refuse it with their field's
  // name; this covers the strings no text type read (a password, a key the schema dropped).
  const bad = findUnstorableText(value);
  if (bad) {
    const path = bad.join('.');
    throw new HttpError(400, 'invalid_characters', unstorableMessage(path ? `字段 ${path} ` : '请求'), [{ path, message: unstorableMessage('') }]);
  }
  return result.data;
}
