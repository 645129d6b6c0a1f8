// Personal access tokens (个人访问令牌): the requests and answers of /api/auth/tokens, shared by the
// server (validation) and the client (types).
import { z } from 'zod';

/** A token lives at most this many days; a GIS project outliving it asks its user for a new one. */
export const TOKEN_MAX_DAYS = 365;
export const TOKEN_DEFAULT_DAYS = 90;

export const createTokenBody = z.object({
  name: z.string({ error: '请填写令牌名称（例如“QGIS 办公室电脑”）' }).trim().min(1, '请填写令牌名称').max(60, '令牌名称最多 60 个字符'),
  days: z.number().int().min(1, '有效期至少 1 天').max(TOKEN_MAX_DAYS, `有效期最长 ${TOKEN_MAX_DAYS} 天`).optional().default(TOKEN_DEFAULT_DAYS),
  /** Read-only (GET/HEAD only) unless the user says otherwise. */
  read_only: z.boolean().optional().default(true),
}).strict();
export type CreateTokenBody = z.infer<typeof createTokenBody>;

export const tokenIdParam = z.object({ id: z.string().regex(/^\d{1,9}$/, '令牌编号无效').transform(Number) });

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
