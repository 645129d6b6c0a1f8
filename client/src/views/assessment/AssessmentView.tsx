// 考核统计 (issue 7): performance statistics per mediator, organisation, township, village, tribunal and judge;
// training; legal publicity; the register of schools and enterprises; judge guidance. Writes (training,
// publicity, register, a guidance's judge) for dispatchers and admin; everyone else reads.
import { useMemo, useState } from 'react';
import type { Role } from '../../../../server/src/contract/auth.ts';
import { api as defaultApi, type ApiClient } from '../../api/client.ts';
import { assessmentApi, type AssessmentClient } from '../../api/assessment.ts';
import { presetPeriod, PERIOD_PRESETS, validatePeriod, type Period, type PeriodPreset } from '../../lib/period.ts';
import { useFetched } from '../useFetched.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { PerformanceTab } from './PerformanceTab.tsx';
import { TrainingTab } from './TrainingTab.tsx';
import { PublicityTab } from './PublicityTab.tsx';
import { RegisterTab } from './RegisterTab.tsx';
import { GuidanceTab } from './GuidanceTab.tsx';
import { DateField } from '../../components/DateField.tsx';

type Tab = 'performance' | 'training' | 'publicity' | 'register' | 'guidance';
const TABS: Record<Tab, string> = { performance: '绩效统计', training: '培训', publicity: '法治宣传', register: '学校企业名录', guidance: '法官指导' };

export function AssessmentView({ role, client = defaultApi, assessment = assessmentApi }: { role?: Role; client?: ApiClient; assessment?: AssessmentClient }) {
  const boot = useFetched('boot', (signal) => client.config(signal));
  const anchor = boot.data?.dataset?.anchor_date ?? (boot.data === null ? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) : null);
  const [tab, setTab] = useState<Tab>('performance');
  // Areas for the register's township/village pickers, loaded when that tab first opens.
  const townships = useFetched(tab === 'register' ? 'township' : null, (signal) => client.areas('township', undefined, signal));
  const villages = useFetched(tab === 'register' ? 'village' : null, (signal) => client.areas('village', undefined, signal));
  const [preset, setPreset] = useState<PeriodPreset>('12m');
  const [custom, setCustom] = useState<Period>({ from: '', to: '' });
  const period = useMemo(() => {
    if (!anchor) return null;
    if (preset === 'custom') return validatePeriod(custom) ? null : custom;
    return presetPeriod(anchor, PERIOD_PRESETS.find((p) => p.key === preset)?.months ?? 12);
  }, [anchor, preset, custom]);
  const canWrite = role === 'admin' || role === 'dispatcher';
  if (boot.error) return <div className="view-center"><ErrorMessage message={boot.error.message} onRetry={boot.reload} /></div>;
  if (!anchor) return <div className="view-center"><Loading /></div>;
  const to = period?.to ?? anchor;
  const year = Number(to.slice(0, 4));
  const quarter = { year, quarter: Math.floor((Number(to.slice(5, 7)) - 1) / 3) + 1 };
  return (
    <div className="assessment">
      <div className="assessment-toolbar">
        <h2 className="panel-title">考核统计</h2>
        <div className="tabs" role="tablist">
          {(Object.keys(TABS) as Tab[]).map((t) => (
            <button key={t} type="button" role="tab" aria-selected={t === tab} className={t === tab ? 'active' : undefined} onClick={() => setTab(t)}>{TABS[t]}</button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="统计期">
          {PERIOD_PRESETS.map((p) => (
            <button key={p.key} type="button" className={p.key === preset ? 'active' : undefined} aria-pressed={p.key === preset} onClick={() => setPreset(p.key)}>{p.label}</button>
          ))}
          <button type="button" className={preset === 'custom' ? 'active' : undefined} onClick={() => { if (period) setCustom(period); setPreset('custom'); }}>自定义</button>
        </div>
        {preset === 'custom' && (
          <span className="date-range">
            <DateField label="开始日期" value={custom.from} onChange={(v) => setCustom({ ...custom, from: v })} />至
            <DateField label="结束日期" value={custom.to} onChange={(v) => setCustom({ ...custom, to: v })} />
            {validatePeriod(custom) && <span className="field-error">{validatePeriod(custom)}</span>}
          </span>
        )}
        {boot.data?.dataset?.demo && <span className="tag">演示数据</span>}
      </div>
      {period && tab === 'performance' && <PerformanceTab period={period} client={assessment} />}
      {period && tab === 'training' && <TrainingTab period={period} canWrite={canWrite} year={year} client={assessment} />}
      {period && tab === 'publicity' && <PublicityTab period={period} canWrite={canWrite} quarter={quarter} client={assessment} />}
      {tab === 'register' && <RegisterTab canWrite={canWrite} townships={townships.data} villages={villages.data} client={assessment} />}
      {period && tab === 'guidance' && <GuidanceTab period={period} canWrite={canWrite} client={assessment} />}
    </div>
  );
}
