// 我的案件: a mediator's own queue (/api/my/cases) with deadlines, and the case file with the status changes,
// deadline extensions and judge-guidance requests a mediator may make.
import { useCallback, useRef, useState } from 'react';
import type { Role } from '../../../server/src/contract/auth.ts';
import type { CaseSummary } from '../../../server/src/contract/cases.ts';
import { casesApi, type CasesClient } from '../api/cases.ts';
import { CaseQueue } from './dispatch/CaseQueue.tsx';
import { CasePanel } from './dispatch/CasePanel.tsx';
import { deadlineInfo } from './dispatch/model.ts';
import type { CaseRoute, OnCaseRoute } from './case-route.ts';

export interface MyCasesViewProps {
  cases?: CasesClient;
  role?: Role;
  /** Where the view is (from the URL: `/my-cases` or `/cases/<id>`); without it the view keeps its own place. */
  route?: CaseRoute;
  onRoute?: OnCaseRoute;
  /** The account is not linked to a registry mediator: it has no queue, and the view says what to do. */
  unlinked?: boolean;
}

/** What an account without a registry mediator sees on 我的案件 (issue 14). */
export function UnlinkedNotice() {
  return (
    <div className="panel-intro unlinked-notice" role="alert" data-testid="unlinked-notice">
      <h3 className="panel-title">账号尚未关联调解员名册</h3>
      <p>您的账号还没有关联到调解员名册中的本人信息，因此这里看不到分派给您的案件，也不能网格上报。</p>
      <p>请联系系统管理员：在“用户管理”中为您的账号选择“关联名册”，按姓名、单位或电话找到您本人。关联后重新登录即可。</p>
    </div>
  );
}

export function MyCasesView({ cases = casesApi, role = 'mediator', route, onRoute, unlinked }: MyCasesViewProps) {
  const [ownSelected, setOwnSelected] = useState<number | null>(null);
  const selected = route ? (route.kind === 'case' ? route.id : null) : ownSelected;
  const onRouteRef = useRef(onRoute);
  onRouteRef.current = onRoute;
  const setSelected = useCallback((id: number | null) => {
    if (onRouteRef.current) onRouteRef.current(id === null ? { kind: 'list' } : { kind: 'case', id });
    else setOwnSelected(id);
  }, []);
  const [refreshKey, setRefreshKey] = useState(0);
  const [items, setItems] = useState<CaseSummary[] | null>(null);
  const changed = useCallback(() => setRefreshKey((k) => k + 1), []);
  const open = (items ?? []).filter((c) => c.deadline && (c.status === 'assigned' || c.status === 'mediating'));
  const overdue = open.filter((c) => deadlineInfo(c.deadline!).state === 'overdue').length;
  const near = open.filter((c) => deadlineInfo(c.deadline!).state === 'near').length;

  if (unlinked) return <div className="my-cases my-cases-list"><UnlinkedNotice /></div>;
  return (
    <div className={`my-cases${selected === null ? ' my-cases-list' : ' my-cases-case'}`}>
      <aside className="dispatch-left" aria-label="我的案件">
        <div className="sidebar-head dispatch-head">
          <h2>我的案件</h2>
        </div>
        {items && (overdue > 0 || near > 0) && (
          <div className="banner banner-warn" role="status">
            本页{overdue > 0 ? ` ${overdue} 件已超期` : ''}{overdue > 0 && near > 0 ? '，' : ''}{near > 0 ? ` ${near} 件即将到期` : ''}，请及时办理或申请延长。
          </div>
        )}
        <CaseQueue client={cases} mode="mine" selectedId={selected} onSelect={(c) => setSelected(c.id)} refreshKey={refreshKey} onItems={setItems} />
      </aside>
      <section className="my-cases-main">
        {selected === null ? (
          <div className="panel-intro">
            <h3 className="panel-title">案件办理</h3>
            <p>在左侧选择案件，可开始调解、登记调解结果、延长调解期限或申请法官指导。</p>
            <p className="muted">诉前调解期限为分派后 30 天，经当事人同意可延长。</p>
          </div>
        ) : (
          <CasePanel
            key={selected}
            caseId={selected}
            client={cases}
            role={role}
            selectedMediator={null}
            onSelectMediator={() => undefined}
            onChanged={changed}
            onClose={() => setSelected(null)}
          />
        )}
      </section>
    </div>
  );
}
