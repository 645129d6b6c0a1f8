// Request schemas shared by the server (validation) and the client (types): one source for the contract.
import { z } from 'zod';
import { bbox } from './ogc.ts';
import { blankAsMissing, periodFields, refineStatsPeriod } from './fields.ts';
import { AREA_LEVELS, DISPUTE_TYPES, keysOf } from './vocab.ts';

/** A statistics period (days, Asia/Shanghai) and a dispute type; at most PERIOD_MAX_MONTHS long. */
export const periodFilter = z
  .object({
    ...periodFields(),
    type: blankAsMissing(z.enum(keysOf(DISPUTE_TYPES))),
  })
  .superRefine(refineStatsPeriod);
export type PeriodFilter = z.infer<typeof periodFilter>;

/** `bbox=w,s,e,n` in degrees (CRS84, as the OGC API's): only the units meeting the box. */
export const areasQuery = z.intersection(z.object({ level: z.enum(AREA_LEVELS), bbox: bbox.optional() }), periodFilter);
export type AreasQuery = z.infer<typeof areasQuery>;

/** Coordinates arrive as query strings: numbers only, finite, in range. */
const coordinate = (min: number, max: number, label: string) =>
  z
    .string({ error: `缺少${label}` })
    .trim()
    .regex(/^[-+]?\d+(\.\d+)?$/, `${label}必须是数字`)
    .transform(Number)
    .refine((v) => Number.isFinite(v) && v >= min && v <= max, `${label}超出范围 ${min}…${max}`);

export const locateQuery = z.object({
  lng: coordinate(-180, 180, '经度 lng'),
  lat: coordinate(-90, 90, '纬度 lat'),
});

export const TILE_LAYER_NAMES = ['townships', 'villages', 'grids', 'cases'] as const;
export const tileParams = z
  .object({
    layer: z.enum(TILE_LAYER_NAMES),
    z: z.string().regex(/^\d{1,2}$/).transform(Number).refine((v) => v <= 22, '缩放级别 z 应在 0…22'),
    x: z.string().regex(/^\d{1,7}$/).transform(Number),
    y: z.string().regex(/^\d{1,7}$/).transform(Number),
  })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: '瓦片坐标超出该缩放级别的范围', path: ['x'] });
