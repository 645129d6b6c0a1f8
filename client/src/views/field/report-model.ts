// The grid report form's state and its check, with the server's own schema (contract/reports.ts), so the
// form says what the server would say. Plain data: no React, no fetch.
import { reportBody, type ReportBody, type ReportLocatedBy, type ReportOutcome } from '../../../../server/src/contract/reports.ts';
import type { PartyRole } from '../../../../server/src/contract/cases.ts';
import type { DisputeType } from '../../../../server/src/contract/vocab.ts';

/** Where the dispute is: WGS84 from the phone's position (with its accuracy in metres) or a tap on the map. */
export interface ReportPlace { lng: number; lat: number; by: ReportLocatedBy; accuracy_m: number | null }

export interface ReportDraft {
  dispute_type: DisputeType | '';
  description: string;
  parties: { name: string; role: PartyRole; phone: string }[];
  place: ReportPlace | null;
  outcome: ReportOutcome | '';
  resolution: string;
}

export const emptyReport = (): ReportDraft => ({
  dispute_type: '', description: '', parties: [{ name: '', role: 'applicant', phone: '' }], place: null, outcome: '', resolution: '',
});

export type ReportErrors = Partial<Record<string, string>>;

export function validateReport(d: ReportDraft): { body: ReportBody | null; errors: ReportErrors } {
  const errors: ReportErrors = {};
  if (!d.dispute_type) errors.dispute_type = '请选择纠纷类型';
  if (!d.place) errors.place = '请用手机定位，或在地图上点选纠纷发生的地点';
  if (!d.outcome) errors.outcome = '请选择处理结果：已就地化解，或提交分流';
  const raw: Record<string, unknown> = {
    dispute_type: d.dispute_type || undefined,
    description: d.description,
    parties: d.parties.map((p) => ({ name: p.name, role: p.role, ...(p.phone.trim() ? { phone: p.phone.trim() } : {}) })),
    outcome: d.outcome || undefined,
    ...(d.place ? { lng: d.place.lng, lat: d.place.lat, located_by: d.place.by, ...(d.place.accuracy_m !== null ? { accuracy_m: Math.round(d.place.accuracy_m) } : {}) } : {}),
    ...(d.outcome === 'resolved_on_spot' && d.resolution.trim() ? { resolution: d.resolution } : {}),
  };
  const parsed = reportBody.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || 'form';
      const field = key === 'lng' || key === 'lat' || key === 'located_by' ? 'place' : key;
      if (!errors[field]) errors[field] = issue.message;
    }
  }
  if (Object.keys(errors).length) return { body: null, errors };
  return { body: parsed.data!, errors };
}

/** What the phone's position error means for the person holding it. */
export function positionErrorText(code: number): string {
  if (code === 1) return '没有定位权限：请在浏览器设置中允许本网站使用位置，或改为在地图上点选';
  if (code === 3) return '定位超时：请到开阔处重试，或在地图上点选';
  return '暂时无法定位：请稍后重试，或在地图上点选';
}
