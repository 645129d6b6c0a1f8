// Grid reports (网格上报): what a grid worker found, reported from the phone. Shared by the server
// (validation) and the client (the report form, its labels).
import { z } from 'zod';
import { coordSystemField, disputeTypeField, latField, lngField, partyInput, type CoordSystem } from './cases.ts';
import { storableString, text } from './fields.ts';
import { keysOf } from './vocab.ts';

/** The most photos one report may carry (multipart field `photos`). */
export const REPORT_MAX_PHOTOS = 6;

/** What became of the dispute: resolved where it was found (就地化解), or to the dispatcher's queue. */
export const REPORT_OUTCOMES = {
  resolved_on_spot: '已就地化解',
  to_queue: '提交分流（待分流员分派）',
} as const;
export type ReportOutcome = keyof typeof REPORT_OUTCOMES;

/** How the location was taken: the phone's position (navigator.geolocation) or a tap on the map. */
export const REPORT_LOCATED_BY = { position: '手机定位', map: '地图点选' } as const;
export type ReportLocatedBy = keyof typeof REPORT_LOCATED_BY;

/**
 * POST /api/reports. `lng`/`lat` are WGS84 as the browser gives them, or GCJ-02 when `coord_system`
 * says so (converted on the server, geo/coords.ts). `accuracy_m`: the position's accuracy (kept on the
 * case's timeline). Photos come with it when the report is sent as multipart/form-data (routes/reports.ts).
 */
export const reportBody = z
  .object({
    dispute_type: disputeTypeField,
    title: text('标题', 200).optional(),
    description: storableString('情况描述', 5000).refine((s) => s.trim().length > 0, '请填写情况描述'),
    parties: z.array(partyInput, { error: '当事人 parties 应为列表' }).min(1, '至少填写一名当事人').max(20, '当事人最多 20 名'),
    lng: lngField,
    lat: latField,
    coord_system: coordSystemField.optional(),
    located_by: z.enum(keysOf(REPORT_LOCATED_BY), { error: '定位方式 located_by 应为 position 或 map' }),
    accuracy_m: z.number({ error: '定位精度 accuracy_m 必须是数字' }).min(0, '定位精度不能为负').max(100_000, '定位精度超出范围').optional(),
    outcome: z.enum(keysOf(REPORT_OUTCOMES), { error: '处理结果 outcome 应为 resolved_on_spot 或 to_queue' }),
    /** How it was resolved on the spot (only with resolved_on_spot). */
    resolution: text('化解情况', 2000).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.resolution !== undefined && b.outcome !== 'resolved_on_spot') {
      ctx.addIssue({ code: 'custom', path: ['resolution'], message: '只有“已就地化解”时才填写化解情况' });
    }
  });
export type ReportBody = z.infer<typeof reportBody>;

export interface ReportAnswer {
  id: number;
  status: 'settled' | 'pending';
  source: 'grid_report';
  resolved_on_spot: boolean;
  /** WGS84, after conversion. */
  lng: number;
  lat: number;
  coord_system_in: CoordSystem;
  township_name: string;
  village_name: string;
  grid_name: string;
}
