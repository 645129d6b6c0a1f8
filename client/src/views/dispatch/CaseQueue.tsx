// The case queue (待分流 first) with filters and paging, and the supervision lists (督促督办: overdue and
// near the deadline). A mediator's own queue uses the same list without the supervision tab.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CaseSummary } from '../../../../server/src/contract/cases.ts';
import { CASE_SOURCES, CASE_STATUSES, DISPUTE_TYPES, type CaseSource, type CaseStatus, type DisputeType } from '../../../../server/src/contract/vocab.ts';
import type { CaseList, CaseListQuery, CasesClient, SupervisionItem, SupervisionKind } from '../../api/cases.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { useFetched } from '../useFetched.ts';
import { DeadlineBadge, StatusTag } from './CaseFile.tsx';
import { formatDateTime } from './model.ts';
import { PendingRequests } from './PendingRequests.tsx';
import { caseExportFilters } from './case-export.ts';
import { GisDownload } from '../../components/GisDownload.tsx';
import { OutcomesExport } from '../../components/OutcomesExport.tsx';
import { CASE_FIGURES } from '../../../../server/src/contract/figures.ts';
import { PrecisionTag } from './LocationPrecision.tsx';
import { QUEUE_PAGE_SIZE } from './first-requests.ts';

export const PAGE_SIZE = QUEUE_PAGE_SIZE;

interface StatusFilter {
  key: string;
  label: string;
  statuses: CaseStatus[];
}

const OPEN: CaseStatus[] = ['pending', 'assigned', 'mediating'];
export const STATUS_FILTERS: readonly StatusFilter[] = [
  { key: 'pending', label: '待分流', statuses: ['pending'] },
  { key: 'open', label: '全部未结', statuses: OPEN },
  ...(['assigned', 'mediating', 'settled', 'failed', 'filed', 'withdrawn'] as CaseStatus[]).map((s) => ({ key: s, label: CASE_STATUSES[s], statuses: [s] })),
  { key: 'all', label: '全部状态', statuses: [] },
];

export interface CaseQueueProps {
  client: CasesClient;
  /** `dispatch`: all cases in scope with the supervision tab; `mine`: the mediator's own (/api/my/cases). */
  mode: 'dispatch' | 'mine';
  townships?: readonly { code: string; name: string }[];
  selectedId: number | null;
  onSelect: (item: CaseSummary) => void;
  /** Change to reload the lists. */
  refreshKey?: number;
  /** The items on screen (for the map) each time a list answers. */
  onItems?: (items: CaseSummary[]) => void;
  now?: number;
}

function CaseRow({ c, selected, onSelect, now, extra }: { c: CaseSummary; selected: boolean; onSelect: () => void; now?: number; extra?: ReactNode }) {
  const place = [c.township_name, c.village_name].filter(Boolean).join(' · ');
  return (
    <li>
      <button type="button" className={`case-row${selected ? ' selected' : ''}${c.overdue ? ' overdue' : ''}`} data-testid={`case-row-${c.id}`} aria-current={selected || undefined} onClick={onSelect}>
        <div className="case-row-head">
          <span className="case-row-title">{c.title}</span>
          <StatusTag status={c.status} />
        </div>
        <div className="case-row-meta">
          {c.case_number && <span className="case-number" data-testid={`case-number-${c.id}`}>{c.case_number}</span>}
          <span>#{c.id}</span>
          <span>{DISPUTE_TYPES[c.dispute_type]}</span>
          {c.source && c.source !== 'court_delegated' && <span className="tag source-tag" data-testid={`case-source-${c.id}`}>{CASE_SOURCES[c.source]}{c.resolved_on_spot ? ' · 就地化解' : ''}</span>}
          {place && <span>{place}</span>}
          <PrecisionTag precision={c.location_precision} id={c.id} />
        </div>
        <div className="case-row-meta">
          <span>{c.mediator_name ? `承办：${c.mediator_name}` : `登记于 ${formatDateTime(c.created_at)}`}</span>
          <DeadlineBadge deadline={c.deadline} status={c.status} now={now} />
          {extra}
        </div>
      </button>
    </li>
  );
}

function Pager({ page, total, onPage }: { page: number; total: number; onPage: (p: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <div className="pager">
      <button type="button" className="secondary-button" disabled={page <= 1} onClick={() => onPage(page - 1)}>上一页</button>
      <span className="muted">第 {page}/{pages} 页 · 共 {total} 件</span>
      <button type="button" className="secondary-button" disabled={page >= pages} onClick={() => onPage(page + 1)}>下一页</button>
    </div>
  );
}

export function CaseQueue({ client, mode, townships = [], selectedId, onSelect, refreshKey = 0, onItems, now }: CaseQueueProps) {
  const [tab, setTab] = useState<'queue' | 'supervision' | 'requests'>('queue');
  const [statusKey, setStatusKey] = useState(mode === 'dispatch' ? 'pending' : 'open');
  const [type, setType] = useState<DisputeType | ''>('');
  const [township, setTownship] = useState('');
  const [source, setSource] = useState<CaseSource | ''>('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<SupervisionKind>('overdue');
  const [days, setDays] = useState(3);
  const [supTownship, setSupTownship] = useState('');
  const [supPage, setSupPage] = useState(1);

  // The search box applies after a pause in typing.
  useEffect(() => {
    const t = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);
  useEffect(() => setPage(1), [statusKey, type, township, source, overdueOnly, q]);
  useEffect(() => setSupPage(1), [kind, days, supTownship]);

  const query: CaseListQuery = useMemo(() => {
    const statuses = STATUS_FILTERS.find((f) => f.key === statusKey)?.statuses ?? [];
    return {
      ...(statuses.length ? { status: statuses } : {}),
      ...(type ? { type } : {}),
      ...(township ? { township } : {}),
      ...(source ? { source } : {}),
      ...(overdueOnly ? { overdue: true } : {}),
      ...(q ? { q } : {}),
      page,
      page_size: PAGE_SIZE,
    };
  }, [statusKey, type, township, source, overdueOnly, q, page]);

  const listKey = tab === 'queue' ? `${mode}|${JSON.stringify(query)}|${refreshKey}` : null;
  const list = useFetched<CaseList>(listKey, (signal) => (mode === 'mine' ? client.mine(query, signal) : client.list(query, signal)));
  const supKey = tab === 'supervision' ? `sup|${kind}|${days}|${supTownship}|${supPage}|${refreshKey}` : null;
  const sup = useFetched(supKey, (signal) => client.supervision(kind, { days, ...(supTownship ? { township: supTownship } : {}), page: supPage, page_size: PAGE_SIZE }, signal));
  const supExport = `/api/supervision/export?${new URLSearchParams({ kind, ...(kind === 'near_deadline' ? { days: String(days) } : {}), ...(supTownship ? { township: supTownship } : {}) }).toString()}`;

  const items: CaseSummary[] | null = tab === 'queue' ? (list.data?.items ?? null) : (sup.data?.items ?? null);
  const onItemsRef = useRef(onItems);
  onItemsRef.current = onItems;
  useEffect(() => {
    if (items) onItemsRef.current?.(items);
  }, [items]);

  const active = tab === 'queue' ? list : sup;

  return (
    <div className="queue">
      {mode === 'dispatch' && (
        <div className="tabs" role="tablist" aria-label="案件列表">
          <button type="button" role="tab" aria-selected={tab === 'queue'} className={tab === 'queue' ? 'active' : undefined} onClick={() => setTab('queue')}>
            案件队列
          </button>
          <button type="button" role="tab" aria-selected={tab === 'supervision'} className={tab === 'supervision' ? 'active' : undefined} onClick={() => setTab('supervision')} data-testid="tab-supervision">
            督促督办
          </button>
          <button type="button" role="tab" aria-selected={tab === 'requests'} className={tab === 'requests' ? 'active' : undefined} onClick={() => setTab('requests')} data-testid="tab-requests">
            待办审批
          </button>
        </div>
      )}

      {/* Issue 14: extension requests and guidance questions waiting across cases; each links to its case. */}
      {tab === 'requests' ? <PendingRequests key={refreshKey} extensions /> : <>

      {tab === 'queue' ? (
        <div className="queue-filters">
          <input type="search" aria-label="搜索案件" placeholder="搜索标题、案情、案号或案件编号" value={search} onChange={(e) => setSearch(e.target.value)} />
          <div className="filter-grid">
            <select aria-label="状态" value={statusKey} onChange={(e) => setStatusKey(e.target.value)}>
              {STATUS_FILTERS.map((f) => (
                <option key={f.key} value={f.key}>{f.label}</option>
              ))}
            </select>
            <select aria-label="纠纷类型" value={type} onChange={(e) => setType(e.target.value as DisputeType | '')}>
              <option value="">全部类型</option>
              {(Object.keys(DISPUTE_TYPES) as DisputeType[]).map((t) => (
                <option key={t} value={t}>{DISPUTE_TYPES[t]}</option>
              ))}
            </select>
            {mode === 'dispatch' && (
              <select aria-label="乡镇(街道)" value={township} onChange={(e) => setTownship(e.target.value)}>
                <option value="">全部乡镇(街道)</option>
                {townships.map((t) => (
                  <option key={t.code} value={t.code}>{t.name}</option>
                ))}
              </select>
            )}
            <select aria-label="案件来源" value={source} onChange={(e) => setSource(e.target.value as CaseSource | '')}>
              <option value="">全部来源</option>
              {(Object.keys(CASE_SOURCES) as CaseSource[]).map((k) => <option key={k} value={k}>{CASE_SOURCES[k]}</option>)}
            </select>
            <label className="checkbox">
              <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
              仅看已超期
            </label>
          </div>
          {mode === 'dispatch' && <QueueGisDownload query={query} />}
          {mode === 'dispatch' && <OutcomesExport townships={townships} />}
        </div>
      ) : (
        <div className="queue-filters">
          <div className="segmented" role="group" aria-label="督办类型">
            <button type="button" className={kind === 'overdue' ? 'active' : undefined} aria-pressed={kind === 'overdue'} onClick={() => setKind('overdue')} title={CASE_FIGURES.overdue_open.definition}>已超期</button>
            <button type="button" className={kind === 'near_deadline' ? 'active' : undefined} aria-pressed={kind === 'near_deadline'} onClick={() => setKind('near_deadline')}>临近到期</button>
          </div>
          {kind === 'near_deadline' && (
            <select aria-label="到期天数" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[3, 7, 15].map((d) => (
                <option key={d} value={d}>{d} 天内到期</option>
              ))}
            </select>
          )}
          {townships.length > 0 && (
            <select aria-label="督办乡镇(街道)" value={supTownship} onChange={(e) => setSupTownship(e.target.value)} data-testid="supervision-township">
              <option value="">全部乡镇(街道)</option>
              {townships.map((t) => <option key={t.code} value={t.code}>{t.name}</option>)}
            </select>
          )}
          {/* Issue 17: the supervision list as Excel, with its definition, the township filter and a total row. */}
          <a className="link-button" href={supExport} download data-testid="supervision-export">导出 Excel（含合计）</a>
        </div>
      )}

      {active.error && <ErrorMessage message={`列表加载失败：${active.error.message}`} onRetry={active.reload} />}
      {!items && !active.error && <Loading text="正在加载案件…" />}
      {items && items.length === 0 && (
        <p className="panel-empty">{tab === 'supervision' ? (kind === 'overdue' ? '没有超期案件。' : `没有 ${days} 天内到期的案件。`) : '没有符合条件的案件。'}</p>
      )}
      {items && items.length > 0 && (
        <ul className={`case-list${active.loading ? ' stale' : ''}`} aria-label={tab === 'supervision' ? '督促督办案件' : '案件队列'}>
          {items.map((c) => (
            <CaseRow
              key={c.id}
              c={c}
              now={now}
              selected={c.id === selectedId}
              onSelect={() => onSelect(c)}
              extra={tab === 'supervision' ? <span className="muted">督办 {(c as SupervisionItem).note_count ?? 0} 次</span> : undefined}
            />
          ))}
        </ul>
      )}
      {tab === 'queue' && list.data && list.data.total > PAGE_SIZE && <Pager page={page} total={list.data.total} onPage={setPage} />}
      {tab === 'supervision' && sup.data && sup.data.total > PAGE_SIZE && <Pager page={supPage} total={sup.data.total} onPage={setSupPage} />}
      </>}
    </div>
  );
}

/** 下载 GIS 文件 of the queue as filtered: the case points within the user's scope (the server decides). */
function QueueGisDownload({ query }: { query: CaseListQuery }) {
  const { filters, leftOut } = caseExportFilters(query);
  return (
    <div className="queue-gis" data-testid="queue-gis-download">
      <GisDownload layers={{ cases: '案件（按当前筛选）' }} layer="cases" filters={filters}
        note={leftOut.length ? `文件按状态、类型、来源和乡镇筛选，不含“${leftOut.join('”“')}”条件` : undefined} />
    </div>
  );
}
