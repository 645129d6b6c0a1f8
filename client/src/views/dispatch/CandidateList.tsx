// The ranked candidates of a point (preview) or of a case: outcome, boundary warning, candidates with their
// reasons, the excluded mediators with theirs, and the confirm / override / reassign action.
import { useEffect, useState, type ReactNode } from 'react';
import { ASSIGN_OUTCOMES, type Candidate, type PreviewAnswer } from '../../../../server/src/contract/cases.ts';
import { MEDIATOR_KINDS, type MediatorKind } from '../../../../server/src/contract/vocab.ts';
import { formatDistance } from './model.ts';

export interface CandidateListProps {
  answer: PreviewAnswer | null;
  loading?: boolean;
  /** The mediator shown selected (on the map too); defaults to the top candidate. */
  selectedId: number | null;
  onSelect: (mediatorId: number) => void;
  /**
   * Present when the case exists and may be assigned: called with the chosen mediator and the reason.
   * Absent in the preview of a new dispute (the case is saved first).
   */
  onConfirm?: (choice: { mediatorId: number; isTop: boolean; reason: string | null }) => void;
  /** The case's current mediator: picking another is a reassignment, which needs a reason. */
  currentMediatorId?: number | null;
  busy?: boolean;
  /** Shown with the chosen candidate in the assign box (their phone). */
  contact?: ReactNode;
  /**
   * How far the place is known: an address matched only to a village (or township) does not know the
   * grid, so the grid (and a boundary warning about it) is not shown as if it were.
   */
  precision?: 'point' | 'village' | 'township';
  /** The answer lists only the first candidates (`more` beyond them): asks for all of them. */
  onShowAll?: () => void;
}

const kindLabel = (k: string) => MEDIATOR_KINDS[k as MediatorKind] ?? k;

function LoadBar({ open, capacity }: { open: number; capacity: number }) {
  const share = capacity > 0 ? Math.min(1, open / capacity) : 1;
  return (
    <span className="load" title={`在办 ${open} 件，容量 ${capacity} 件`}>
      <span className="load-bar" aria-hidden>
        <span className={share >= 0.8 ? 'load-fill load-high' : 'load-fill'} style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
      <span className="load-text">
        在办 {open}/{capacity}
      </span>
    </span>
  );
}

function CandidateItem({ c, rank, selected, onSelect, current, byVillage }: { c: Candidate; rank: number; selected: boolean; onSelect: () => void; current: boolean; byVillage: boolean }) {
  return (
    <li
      data-testid={`candidate-${rank}`}
      className={`candidate tier-${c.tier}${selected ? ' selected' : ''}`}
      aria-selected={selected}
      role="option"
      tabIndex={0}
      onClick={onSelect}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect();
        }
      }}
    >
      <div className="candidate-head">
        <span className="rank" aria-label={`第 ${rank} 名`}>{rank}</span>
        <div className="candidate-title">
          <span className="candidate-name">{c.name}</span>
          <span className="candidate-kind">{kindLabel(c.kind)}</span>
          {current && <span className="tag tag-current">当前承办</span>}
        </div>
        <span className={`tier-tag tier-tag-${c.tier}`}>{c.tier_label}</span>
      </div>
      <div className="candidate-meta">
        <span>{c.organisation ?? '未登记所属组织'}</span>
        {!byVillage && <span className="candidate-distance">{formatDistance(c.distance_m)}</span>}
        <LoadBar open={c.open_cases} capacity={c.capacity} />
      </div>
      <ul className="reasons" aria-label="推荐理由">
        {c.reasons.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
    </li>
  );
}

export function CandidateList({ answer, loading, selectedId, onSelect, onConfirm, currentMediatorId = null, busy, contact, precision = 'point', onShowAll }: CandidateListProps) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  useEffect(() => {
    setReason('');
    setReasonError(null);
  }, [answer, selectedId]);

  if (!answer) {
    return <p className="panel-empty">{loading ? '正在计算候选调解员…' : '在地图上点选纠纷发生地并选择纠纷类型后，这里列出负责的调解员。'}</p>;
  }

  if (answer.outcome === 'outside_district') {
    return (
      <div className="outcome outcome-outside" role="alert" data-testid="outcome-outside_district">
        <h4>{ASSIGN_OUTCOMES.outside_district}</h4>
        <p>{answer.advice}</p>
      </div>
    );
  }

  const list = answer.candidates;
  const more = answer.more ?? 0;
  // The server ranked by village (an address matched only to a village): no grid, no distances.
  const byVillage = answer.located.grid === null;
  const top = list[0] ?? null;
  const chosen = list.find((c) => c.mediator_id === selectedId) ?? top;
  const reassign = currentMediatorId !== null;
  const isTop = chosen !== null && top !== null && chosen.mediator_id === top.mediator_id;
  const sameAsCurrent = chosen !== null && chosen.mediator_id === currentMediatorId;
  const reasonNeeded = reassign;

  const confirm = () => {
    if (!chosen || !onConfirm) return;
    const r = reason.trim();
    if (reasonNeeded && !r) {
      setReasonError('改派须说明理由');
      return;
    }
    onConfirm({ mediatorId: chosen.mediator_id, isTop, reason: r || null });
  };

  const confirmLabel = !chosen
    ? ''
    : reassign
      ? `改派给 ${chosen.name}`
      : isTop
        ? `确认分派给首选：${chosen.name}`
        : `改选分派给 ${chosen.name}`;

  return (
    <div className="candidates">
      <div className="located" aria-label="纠纷发生地所属单元">
        <span><b>网格</b>{precision === 'point' && answer.located.grid ? answer.located.grid.name : '未确定'}</span>
        <span><b>村(社区)</b>{precision === 'township' ? '未确定' : answer.located.village.name}</span>
        <span><b>乡镇(街道)</b>{answer.located.township.name}</span>
        <span><b>人民法庭</b>{answer.located.tribunal?.name ?? '未关联'}</span>
      </div>
      {byVillage ? (
        <p className="hint precision-note" data-testid="precision-note" data-ranked-by="village">
          仅定位到村（社区）：网格未确定，按村（社区）排序——本村（社区）的调解员在前，其次乡镇（街道）的调解员和区级专业调解力量；
          不计距离，同层级按专业对口和在办量排序。在地图上点选确切位置可按网格和距离排序。
        </p>
      ) : precision !== 'point' && (
        <p className="hint precision-note" data-testid="precision-note">
          {precision === 'village' ? '仅定位到村（社区）' : '仅定位到乡镇（街道）'}：网格未确定，候选人按该{precision === 'village' ? '村（社区）' : '乡镇（街道）'}的代表点排序，
          网格一级的候选人仅供参考；在地图上点选确切位置可得到准确排序。
        </p>
      )}

      {answer.boundary_warning && precision === 'point' && (
        <div className="boundary-warning" role="alert" data-testid="boundary-warning">
          <span className="warn-icon" aria-hidden>!</span>
          <div>
            <strong>边界提示</strong>
            <p>{answer.boundary_warning.message}</p>
          </div>
        </div>
      )}

      {answer.outcome === 'no_eligible_mediator' ? (
        <div className="outcome outcome-none" role="alert" data-testid="outcome-no_eligible_mediator">
          <h4>{ASSIGN_OUTCOMES.no_eligible_mediator}</h4>
          <p>{answer.advice ?? '负责本区域的调解员均不可用。'}</p>
        </div>
      ) : (
        <>
          <div className="section-head">
            <h4>候选调解员</h4>
            <span className="muted" data-testid="candidate-order">{more > 0 ? `前 ${list.length} 名（共 ${list.length + more} 名）` : `共 ${list.length} 名`} · {byVillage ? '按村（社区）排序：责任层级、专业对口、在办量' : '按责任层级、专业对口、距离、在办量排序'}</span>
          </div>
          <ol className="candidate-list" role="listbox" aria-label="候选调解员">
            {list.map((c, i) => (
              <CandidateItem
                key={c.mediator_id}
                c={c}
                rank={i + 1}
                selected={chosen?.mediator_id === c.mediator_id}
                current={c.mediator_id === currentMediatorId}
                byVillage={byVillage}
                onSelect={() => onSelect(c.mediator_id)}
              />
            ))}
          </ol>
          {more > 0 && onShowAll && (
            <button type="button" className="link-button show-all" data-testid="candidates-show-all" disabled={loading} onClick={onShowAll}>
              {loading ? '正在加载…' : `显示全部候选人（另 ${more} 名）`}
            </button>
          )}
        </>
      )}

      {answer.excluded.length > 0 && (
        <details className="excluded" open={answer.outcome === 'no_eligible_mediator'}>
          <summary>未列入的调解员（{answer.excluded.length} 名）</summary>
          <ul>
            {answer.excluded.map((e) => (
              <li key={e.mediator_id} data-testid={`excluded-${e.mediator_id}`}>
                <span className="excluded-name">{e.name}</span>
                <span className="muted">{e.reason_text}</span>
              </li>
            ))}
          </ul>
        </details>
      )}

      {onConfirm && chosen && (
        <div className="assign-box">
          {contact}
          {(reassign || !isTop) && (
            <label className="field">
              <span className="field-label">{reassign ? '改派理由（必填）' : '改选理由（选填）'}</span>
              <textarea
                value={reason}
                rows={2}
                maxLength={500}
                onChange={(e) => {
                  setReason(e.target.value);
                  setReasonError(null);
                }}
                placeholder={reassign ? '例如：原调解员回避、当事人申请更换' : '例如：当事人熟悉该调解员'}
              />
              {reasonError && <span className="field-error" role="alert">{reasonError}</span>}
            </label>
          )}
          <button type="button" className="primary-button" data-testid="assign-confirm" disabled={busy || sameAsCurrent} onClick={confirm}>
            {busy ? '正在分派…' : sameAsCurrent ? '已由该调解员承办' : confirmLabel}
          </button>
        </div>
      )}
      {!onConfirm && list.length > 0 && <p className="muted hint">保存案件后即可确认分派。</p>}
    </div>
  );
}
