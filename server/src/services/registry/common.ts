// Small rules the registry modules share: who sees phones in full, today's date, point in and out.
import type { Knex } from '../../db/types.ts';
import type { Role } from '../../contract/auth.ts';
import type { GeoPoint } from '../../contract/registry.ts';
import { HttpError } from '../../errors.ts';
import { toWgs84 } from '../../geo/coords.ts';
import { maskPhone } from '../masking.ts';

export type Db = Knex | Knex.Transaction;
export type RegistryAuditor = (trx: Knex.Transaction, action: string, target: { type: string; id: number }, details: Record<string, unknown>) => Promise<void>;

/**
 * Roles that see mediators' and organisations' phones in full: admin (keeps the register) and
 * dispatcher (calls mediators about cases). Leader and planner see them masked; the public always masked.
 */
const FULL_PHONE_ROLES: readonly Role[] = ['admin', 'dispatcher'];
export const seesFullPhone = (role: Role | null) => role !== null && FULL_PHONE_ROLES.includes(role);
export const phoneFor = (phone: string | null, role: Role | null) => (seesFullPhone(role) ? phone : maskPhone(phone));

/** Today as YYYY-MM-DD in Asia/Shanghai (the court's calendar day). */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A DATE column as YYYY-MM-DD (pg gives a Date at local midnight). */
export function day(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.slice(0, 10);
  const d = v as Date;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const isoTime = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export const geoPoint = (lng: unknown, lat: unknown): GeoPoint | null =>
  lng === null || lng === undefined || lat === null || lat === undefined ? null : { type: 'Point', coordinates: [Number(lng), Number(lat)] };

/** A point of a request body in WGS84 (GCJ-02 converted). */
export function wgs84(p: { lng: number; lat: number; coord_system?: 'wgs84' | 'gcj02' }): [number, number] {
  return toWgs84(p.lng, p.lat, p.coord_system ?? 'wgs84');
}

export const pointSql = (db: Db, p: [number, number] | null) => (p ? db.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', p) : null);

export async function assertInDistrict(db: Db, p: [number, number], label = '位置'): Promise<void> {
  const row = await db('district').whereRaw('ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))', p).first('code');
  if (!row) throw new HttpError(422, 'outside_district', `${label}（${p[0]}, ${p[1]}）不在浉河区范围内；高德、腾讯地图的坐标请注明 GCJ-02 坐标系`, { lng: p[0], lat: p[1] });
}

export function versionConflict(what: string, id: number, current: number): HttpError {
  return new HttpError(409, 'version_conflict', `${what}（编号 ${id}）已被他人修改，请刷新后再改`, { id, current_version: current });
}

/** ILIKE pattern of a search text, with LIKE's wildcards escaped. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
