// Saved scenarios (save, load, delete, compare side by side) and the best-new-sites search.
import { useEffect, useState } from 'react';
import type {
  BestSite, BestSitesAnswer, CompareAnswer, CoverageParams, ScenarioChange, ScenarioRow,
} from '../../../../server/src/contract/coverage.ts';
import type { CoverageClient } from '../../api/coverage.ts';
import { formatInt, formatShare } from '../../lib/format.ts';

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function ScenarioPanel({ canEdit, coverage, params, changes, onChanges, onLoad }: {
  canEdit: boolean; coverage: CoverageClient; params: CoverageParams; changes: ScenarioChange[];
  onChanges: (c: ScenarioChange[]) => void; onLoad: (s: ScenarioRow) => void;
}) {
  const [list, setList] = useState<ScenarioRow[] | null>(null);
  const [current, setCurrent] = useState<ScenarioRow | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [compare, setCompare] = useState<CompareAnswer | null>(null);

  const reload = () => coverage.scenarios().then((r) => setList(r.items), (e) => setMessage(errText(e)));
  useEffect(() => { void reload(); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const save = async (asNew: boolean) => {
    setBusy(true); setMessage(null);
    try {
      const body = { name: name.trim() || current?.name || '', params, changes };
      const s = !asNew && current ? await coverage.updateScenario(current.id, body) : await coverage.createScenario(body);
      setCurrent(s); setName(s.name); setMessage(`已保存方案“${s.name}”`);
      await reload();
    } catch (e) { setMessage(errText(e)); } finally { setBusy(false); }
  };
  const remove = async (s: ScenarioRow) => {
    if (!window.confirm(`删除方案“${s.name}”？`)) return;
    try { await coverage.deleteScenario(s.id); if (current?.id === s.id) setCurrent(null); await reload(); } catch (e) { setMessage(errText(e)); }
  };
  const runCompare = async () => {
    setMessage(null);
    try { setCompare(await coverage.compare([...picked])); } catch (e) { setMessage(errText(e)); }
  };
  const toggle = (id: number) => setPicked((p) => { const n = new Set(p); if (n.has(id)) n.delete(id); else n.add(id); return n; });

  const counts = { add: 0, move: 0, remove: 0 };
  for (const c of changes) counts[c.op]++;

  return (
    <section className="planning-scenarios" aria-label="规划方案">
      <h3 className="panel-title">规划方案</h3>
      {canEdit && (
        <div className="planning-current">
          <p className="small">
            当前方案：新增 {counts.add} 名、移动 {counts.move} 名、停用 {counts.remove} 名
            {changes.length > 0 && <button type="button" className="link-button planning-clear" onClick={() => { onChanges([]); setCurrent(null); setName(''); }}>清空</button>}
          </p>
          <div className="planning-save">
            <input type="text" aria-label="方案名称" placeholder="方案名称" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
            <button type="button" className="primary-button small" disabled={busy || !(name.trim() || current)} onClick={() => void save(false)}>{current ? '保存' : '保存为新方案'}</button>
            {current && <button type="button" className="secondary-button small" disabled={busy || !name.trim()} onClick={() => void save(true)}>另存</button>}
          </div>
        </div>
      )}
      {message && <p className="small planning-message" role="status">{message}</p>}
      {list && list.length === 0 && <p className="panel-empty">还没有保存的方案。</p>}
      {list && list.length > 0 && (
        <ul className="planning-scenario-list">
          {list.map((s) => (
            <li key={s.id}>
              <label className="checkbox"><input type="checkbox" checked={picked.has(s.id)} onChange={() => toggle(s.id)} aria-label={`比较 ${s.name}`} /></label>
              <span className="planning-scenario-name" title={`${s.owner ?? ''} · ${s.updated_at.slice(0, 16).replace('T', ' ')}`}>{s.name}<span className="small muted"> · {s.changes.length} 项</span></span>
              <button type="button" className="link-button" onClick={() => { setCurrent(s); setName(s.name); onLoad(s); }}>载入</button>
              {canEdit && <button type="button" className="link-button danger" onClick={() => void remove(s)}>删除</button>}
            </li>
          ))}
        </ul>
      )}
      {list && list.length > 0 && (
        <button type="button" className="secondary-button small" disabled={picked.size === 0} onClick={() => void runCompare()} data-testid="compare-button">比较所选方案（与现状）</button>
      )}
      {compare && <CompareTable answer={compare} />}
    </section>
  );
}

function CompareTable({ answer }: { answer: CompareAnswer }) {
  const rows: { label: string; get: (t: CompareAnswer['baseline']) => string }[] = [
    { label: '覆盖单元', get: (t) => `${formatInt(t.units_covered)}（${formatShare(t.share_units)}）` },
    { label: '覆盖人口', get: (t) => `${formatInt(t.population_covered)}（${formatShare(t.share_population)}）` },
    { label: '覆盖案件', get: (t) => `${formatInt(t.cases_covered)}（${formatShare(t.share_cases)}）` },
  ];
  return (
    <div className="planning-compare" data-testid="compare-table">
      <table className="planning-table">
        <thead><tr><th />{answer.scenarios.map((s) => <th key={s.id}>{s.name}</th>)}</tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th>{r.label}</th>
              {answer.scenarios.map((s) => <td key={s.id}>{r.get(s.totals)}<div className="small muted">现状 {r.get(s.baseline)}</div></td>)}
            </tr>
          ))}
          <tr><th>口径</th>{answer.scenarios.map((s) => <td key={s.id} className="small">{s.settings.level === 'village' ? '村' : '网格'} · 城镇 {s.settings.radius_urban_m} 米 · 乡村 {s.settings.radius_rural_m} 米</td>)}</tr>
        </tbody>
      </table>
    </div>
  );
}

export function BestSitesPanel({ coverage, params, changes, answer, onAnswer, onAdopt }: {
  coverage: CoverageClient; params: CoverageParams; changes: ScenarioChange[]; answer: BestSitesAnswer | null;
  onAnswer: (a: BestSitesAnswer | null) => void; onAdopt: (sites: BestSite[]) => void;
}) {
  const [k, setK] = useState('5');
  const [objective, setObjective] = useState<'population' | 'cases'>('population');
  const [candidates, setCandidates] = useState<'villages' | 'lattice'>('villages');
  const [spacing, setSpacing] = useState('1000');
  const [capacity, setCapacity] = useState('');
  const [method, setMethod] = useState<'greedy' | 'exact'>('greedy');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true); setError(null);
    try {
      const kk = Number(k);
      onAnswer(await coverage.bestSites({
        params, changes, k: kk, objective, candidates, method,
        ...(candidates === 'lattice' ? { spacing_m: Number(spacing) } : {}),
        ...(capacity.trim() ? { capacity: Number(capacity) } : {}),
      }));
    } catch (e) { setError(errText(e)); onAnswer(null); } finally { setBusy(false); }
  };
  const unit = objective === 'population' ? '人' : '件';
  return (
    <section className="planning-best" aria-label="推荐新站点">
      <h3 className="panel-title">推荐新站点</h3>
      <p className="hint">保留现有调解员（及当前方案的变更），在候选点中选出新增 k 个站点，使新增覆盖最大。</p>
      <div className="planning-fields">
        <label className="planning-field">新增个数 k<input aria-label="新增个数 k" inputMode="numeric" value={k} onChange={(e) => setK(e.target.value)} /></label>
        <label className="planning-field">目标<select aria-label="目标" value={objective} onChange={(e) => setObjective(e.target.value as 'population' | 'cases')}><option value="population">覆盖人口</option><option value="cases">覆盖案件</option></select></label>
        <label className="planning-field">候选点<select aria-label="候选点" value={candidates} onChange={(e) => setCandidates(e.target.value as 'villages' | 'lattice')}><option value="villages">各村代表点</option><option value="lattice">规则格点</option></select></label>
        {candidates === 'lattice' && <label className="planning-field">格点间距（米）<input aria-label="格点间距（米）" inputMode="numeric" value={spacing} onChange={(e) => setSpacing(e.target.value)} /></label>}
        <label className="planning-field">单站容量（{unit}，可空）<input aria-label="单站容量" inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} /></label>
        <label className="planning-field">算法<select aria-label="算法" value={method} onChange={(e) => setMethod(e.target.value as 'greedy' | 'exact')}><option value="greedy">快速选址（近似）</option><option value="exact">最优选址（最多 3 个，较慢）</option></select></label>
      </div>
      <button type="button" className="primary-button small" disabled={busy} onClick={() => void run()} data-testid="best-sites-run">{busy ? '计算中…' : '计算'}</button>
      {error && <p className="field-error" role="alert">{error}</p>}
      {answer && (
        <div className="planning-best-result" data-testid="best-sites-result">
          <p className="small">候选点 {formatInt(answer.candidates)} 个 · 覆盖 {formatInt(answer.baseline_value)} → <b>{formatInt(answer.value)}</b> {unit} · 用时 {formatInt(Math.round(answer.elapsed_ms))} 毫秒</p>
          <table className="planning-table">
            <thead><tr><th>#</th><th>位置（所在村）</th><th className="num">新增</th><th className="num">累计</th></tr></thead>
            <tbody>
              {answer.sites.map((s) => (
                <tr key={s.rank}><td>{s.rank}</td><td>{s.village_name ?? '—'}<div className="small muted">{s.lng.toFixed(4)}, {s.lat.toFixed(4)}</div></td><td className="num">+{formatInt(s.gain)}</td><td className="num">{formatInt(s.cumulative)}</td></tr>
              ))}
            </tbody>
          </table>
          {answer.sites.length === 0 && <p className="panel-empty">没有能增加覆盖的候选点。</p>}
          <p className="hint" data-testid="best-sites-plain">{answer.guarantee_plain}</p>
          <details className="hint"><summary>精确说明</summary><p>{answer.guarantee}</p></details>
          {answer.sites.length > 0 && <button type="button" className="secondary-button small" onClick={() => onAdopt(answer.sites)}>加入当前方案</button>}
        </div>
      )}
    </section>
  );
}
