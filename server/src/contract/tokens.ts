// Personal access tokens (个人访问令牌): the requests and answers of /api/auth/tokens, shared by the
// server (validation) and the client (types).
import { z } from 'zod';
import { idParam, int, text } from './fields.ts';

/** A token lives at most this many days; a GIS project outliving it asks its user for a new one. */
export const TOKEN_MAX_DAYS = 365;
export const TOKEN_DEFAULT_DAYS = 90;

export const createTokenBody = z.object({
  name: text('令牌名称（例如“QGIS 办公室电脑”）', 60),
  days: int('有效期（天）', 1, TOKEN_MAX_DAYS).optional().default(TOKEN_DEFAULT_DAYS),
  /** Read-only (GET/HEAD only) unless the user says otherwise. */
  read_only: z.boolean().optional().default(true),
}).strict();
export type CreateTokenBody = z.infer<typeof createTokenBody>;

export const tokenIdParam = idParam('令牌编号');

/** A token as listed: never the token itself, nor its hash. */
export interface AccessTokenItem {
  id: number;
  name: string;
  /** The first characters of the token, to tell tokens apart (`shp_AbCd…`). */
  prefix: string;
  read_only: boolean;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** `active`, `expired` or `revoked`. */
  state: 'active' | 'expired' | 'revoked';
}

/** The answer of a creation: the token in full, shown this once. */
export interface CreatedToken extends AccessTokenItem {
  token: string;
}
