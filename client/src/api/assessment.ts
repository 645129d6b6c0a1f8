// Typed client for assessment (issue 7): /api/assessment/*, /api/dashboard, /api/training/*, /api/publicity/*,
// /api/judges. Request and answer types come from server/src/contract/assessment.ts. Writes carry the session's
// CSRF token, read once from GET /api/auth/me (and again once after a 403 csrf_failed).
import { createJsonRequest, query, type FetchLike } from './client.ts';
import type {
  AttendanceBody, DashboardAnswer, DashboardFigure, DashboardList, EnterpriseBody, EnterprisePatch, PerformanceAnswer, PerformanceDimension,
  PublicityBody, PublicityKind, PublicityPatch, SchoolBody, SchoolPatch, TrainingAudience, TrainingSessionBody, TrainingSessionPatch, TrendPoint,
} from '../../../server/src/contract/assessment.ts';

export type { FetchLike };
export { query };

export interface Period { from?: string; to?: string }

export interface TrainingSession {
  id: number; held_on: string; topic: string; hours: number; organiser: string; place: string; audience: TrainingAudience;
  township_code: string | null; township_name: string | null; attendees: number; is_demo: boolean;
}
export interface Attendee { id: number; mediator_id: number | null; name: string; kind: string | null; village_code: string | null; village_name: string | null; position: string | null }
export interface TrainingSessionDetail extends TrainingSession { attendance: Attendee[] }
export interface UntrainedAnswer {
  year: number; from: string; to: string;
  totals: { active: number; untrained: number; cadres_active: number; cadres_untrained: number };
  townships: { code: string | null; name: string; active: number; cadres_active: number; untrained: number; cadres_untrained: number;
    people: { id: number; name: string; kind: string; village: string | null; organisation: string | null }[] }[];
}
export interface PublicityEvent {
  id: number; kind: PublicityKind; kind_label: string; held_at: string; title: string; place: string | null; township_code: string | null;
  township_name: string | null; audience: number; department: string; school_id: number | null; school_name: string | null;
  enterprise_id: number | null; enterprise_name: string | null; is_demo: boolean; lng: number | null; lat: number | null;
}
interface RegisterUnit {
  id: number; name: string; township_code: string | null; township_name: string | null; village_code: string | null; village_name: string | null;
  is_demo: boolean; lng: number | null; lat: number | null;
}
export interface School extends RegisterUnit { kind: string }
export interface Enterprise extends RegisterUnit { industry: string | null; above_size: boolean }
export interface Judge { id: number; name: string; department: string | null; tribunal_id: number | null; tribunal_name: string | null; active: boolean; is_demo: boolean }
export interface GuidanceItem {
  id: number; case_id: number; case_title: string; mode: string; mode_label: string; requested_at: string; held_at: string | null;
  judge_id: number | null; judge_name: string | null;
}
export interface ComplianceUnit { unit: 'school' | 'enterprise'; id: number; name: string; kind: string; township_code: string | null; township_name: string | null; events: number; last_event: string | null; lng: number | null; lat: number | null }
export interface ComplianceAnswer {
  year: number; quarter: number; from: string; to: string;
  schools_total: number; schools_without_event: number; schools_share: number | null;
  enterprises_total: number; enterprises_without_event: number; enterprises_share: number | null;
  schools: ComplianceUnit[]; enterprises: ComplianceUnit[];
}

export interface AssessmentClient {
  performance(dimension: PerformanceDimension, p: Period, signal?: AbortSignal): Promise<PerformanceAnswer>;
  /** URL of the .xlsx export (a plain link: the browser downloads it with the session cookie). */
  exportUrl(dimension: PerformanceDimension, p: Period): string;
  trend(p: Period & { dimension?: PerformanceDimension; id?: string }, signal?: AbortSignal): Promise<{ period: { from: string; to: string }; months: TrendPoint[] }>;
  dashboard(p: Period, signal?: AbortSignal): Promise<DashboardAnswer>;
  dashboardList(figure: DashboardFigure, p: Period & { township?: string; page?: number; page_size?: number }, signal?: AbortSignal): Promise<DashboardList>;
  /** URL of the .xlsx of a figure's whole list (a plain link). */
  dashboardListExportUrl(figure: DashboardFigure, p: Period & { township?: string }): string;
  sessions(p: Period & { page?: number; page_size?: number }, signal?: AbortSignal): Promise<{ total: number; items: TrainingSession[] }>;
  session(id: number, signal?: AbortSignal): Promise<TrainingSessionDetail>;
  createSession(body: TrainingSessionBody): Promise<TrainingSessionDetail>;
  updateSession(id: number, body: TrainingSessionPatch): Promise<TrainingSessionDetail>;
  deleteSession(id: number): Promise<{ id: number; deleted: true }>;
  setAttendance(id: number, body: AttendanceBody): Promise<TrainingSessionDetail>;
  untrained(year?: number, signal?: AbortSignal): Promise<UntrainedAnswer>;
  events(p: Period & { kind?: PublicityKind; page?: number; page_size?: number }, signal?: AbortSignal): Promise<{ total: number; items: PublicityEvent[] }>;
  createEvent(body: PublicityBody): Promise<PublicityEvent>;
  updateEvent(id: number, body: PublicityPatch): Promise<PublicityEvent>;
  deleteEvent(id: number): Promise<{ id: number; deleted: true }>;
  schools(signal?: AbortSignal): Promise<{ items: School[] }>;
  enterprises(signal?: AbortSignal): Promise<{ items: Enterprise[] }>;
  compliance(q?: { year: number; quarter: number }, signal?: AbortSignal): Promise<ComplianceAnswer>;
  createSchool(body: SchoolBody): Promise<School>;
  updateSchool(id: number, body: SchoolPatch): Promise<School>;
  createEnterprise(body: EnterpriseBody): Promise<Enterprise>;
  updateEnterprise(id: number, body: EnterprisePatch): Promise<Enterprise>;
  judges(signal?: AbortSignal): Promise<{ items: Judge[] }>;
  guidance(p: Period & { unassigned?: boolean; page?: number; page_size?: number }, signal?: AbortSignal): Promise<{ total: number; items: GuidanceItem[] }>;
  setJudge(guidanceId: number, judgeId: number | null): Promise<{ id: number; case_id: number; judge_id: number | null }>;
}

export function createAssessmentClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): AssessmentClient {
  const baseUrl = opts.baseUrl ?? '';
  const request = createJsonRequest(opts);

  return {
    performance: (dimension, p, signal) => request('GET', `/api/assessment/performance${query({ dimension, ...p })}`, undefined, signal),
    exportUrl: (dimension, p) => `${baseUrl}/api/assessment/export${query({ dimension, ...p })}`,
    trend: (p, signal) => request('GET', `/api/assessment/trend${query({ ...p })}`, undefined, signal),
    dashboard: (p, signal) => request('GET', `/api/dashboard${query({ ...p })}`, undefined, signal),
    dashboardListExportUrl: (figure, p) => `${baseUrl}/api/dashboard/list/export${query({ figure, ...p })}`,
    dashboardList: (figure, p, signal) => request('GET', `/api/dashboard/list${query({ figure, ...p })}`, undefined, signal),
    sessions: (p, signal) => request('GET', `/api/training/sessions${query({ ...p })}`, undefined, signal),
    session: (id, signal) => request('GET', `/api/training/sessions/${id}`, undefined, signal),
    createSession: (body) => request('POST', '/api/training/sessions', body),
    updateSession: (id, body) => request('PATCH', `/api/training/sessions/${id}`, body),
    deleteSession: (id) => request('DELETE', `/api/training/sessions/${id}`),
    setAttendance: (id, body) => request('PUT', `/api/training/sessions/${id}/attendance`, body),
    untrained: (year, signal) => request('GET', `/api/training/untrained${query({ year })}`, undefined, signal),
    events: (p, signal) => request('GET', `/api/publicity/events${query({ ...p })}`, undefined, signal),
    createEvent: (body) => request('POST', '/api/publicity/events', body),
    updateEvent: (id, body) => request('PATCH', `/api/publicity/events/${id}`, body),
    deleteEvent: (id) => request('DELETE', `/api/publicity/events/${id}`),
    schools: (signal) => request('GET', '/api/publicity/schools', undefined, signal),
    enterprises: (signal) => request('GET', '/api/publicity/enterprises', undefined, signal),
    createSchool: (body) => request('POST', '/api/publicity/schools', body),
    updateSchool: (id, body) => request('PATCH', `/api/publicity/schools/${id}`, body),
    createEnterprise: (body) => request('POST', '/api/publicity/enterprises', body),
    updateEnterprise: (id, body) => request('PATCH', `/api/publicity/enterprises/${id}`, body),
    judges: (signal) => request('GET', '/api/judges', undefined, signal),
    guidance: (p, signal) => request('GET', `/api/guidance${query({ from: p.from, to: p.to, unassigned: p.unassigned ? 'true' : undefined, page: p.page, page_size: p.page_size })}`, undefined, signal),
    setJudge: (id, judgeId) => request('PUT', `/api/guidance/${id}/judge`, { judge_id: judgeId }),
    compliance: (q, signal) => request('GET', `/api/publicity/compliance${query({ year: q?.year, quarter: q?.quarter })}`, undefined, signal),
  };
}

export const assessmentApi = createAssessmentClient();
