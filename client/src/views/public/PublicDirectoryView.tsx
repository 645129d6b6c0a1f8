// 公开名录 (issue 5): the public directory at /directory, no login, printable (print stylesheet in
// styles.css). Organisations and mediators who take part, by township and village, with kind, unit,
// position, docked tribunal and a masked phone — as GET /api/public/directory gives them, nothing more.
import { useMemo, useState } from 'react';
import type { Role } from '../../../../server/src/contract/auth.ts';
import type { DirectoryAnswer, DirectoryOrganisation, DirectoryPerson } from '../../../../server/src/contract/registry.ts';
import { MEDIATOR_KINDS, ORGANISATION_KINDS, SPECIALTIES } from '../../../../server/src/contract/vocab.ts';
import { registryApi, type RegistryClient } from '../../api/registry.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { useFetched } from '../useFetched.ts';

export interface PublicDirectoryViewProps {
  role?: Role;
  client?: Pick<RegistryClient, 'directory'>;
}

const matches = (q: string, ...texts: (string | null)[]) => !q || texts.some((t) => t?.includes(q));

function Organisations({ items }: { items: DirectoryOrganisation[] }) {
  if (!items.length) return null;
  return (
    <table className="directory-table" aria-label="调解组织">
      <thead><tr><th>调解组织</th><th>类别</th><th>地址</th><th>对接法庭</th><th>联系电话</th></tr></thead>
      <tbody>
        {items.map((o, i) => (
          <tr key={`${o.name}-${i}`}>
            <td>{o.name}</td>
            <td>{ORGANISATION_KINDS[o.kind]}{o.industry ? `（${SPECIALTIES[o.industry]}）` : ''}</td>
            <td>{o.address ?? ''}</td>
            <td>{o.tribunal ?? ''}</td>
            <td className="directory-phone">{o.contact_phone ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function People({ items }: { items: DirectoryPerson[] }) {
  if (!items.length) return null;
  return (
    <table className="directory-table" aria-label="调解员">
      <thead><tr><th>姓名</th><th>类别</th><th>工作单位</th><th>职务</th><th>对接法庭</th><th>联系电话</th></tr></thead>
      <tbody>
        {items.map((p, i) => (
          <tr key={`${p.name}-${i}`}>
            <td>{p.name}{p.is_liaison && <span className="tag">诉前调解联络员</span>}</td>
            <td>{MEDIATOR_KINDS[p.kind]}</td>
            <td>{p.work_unit ?? p.organisation ?? ''}</td>
            <td>{p.position ?? ''}</td>
            <td>{p.tribunal ?? ''}</td>
            <td className="directory-phone">{p.phone ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The directory narrowed to what mentions the search text (a name, unit, position or place). */
function narrow(d: DirectoryAnswer, q: string, township: string): DirectoryAnswer {
  const people = (xs: DirectoryPerson[]) => xs.filter((p) => matches(q, p.name, p.work_unit, p.position, p.organisation));
  const orgs = (xs: DirectoryOrganisation[]) => xs.filter((o) => matches(q, o.name, o.address));
  return {
    ...d,
    district: township ? { organisations: [], mediators: [] } : { organisations: orgs(d.district.organisations), mediators: people(d.district.mediators) },
    townships: d.townships.filter((t) => !township || t.code === township).map((t) => {
      const placeHit = q && t.name.includes(q);
      return {
        ...t,
        organisations: placeHit ? t.organisations : orgs(t.organisations),
        mediators: placeHit ? t.mediators : people(t.mediators),
        villages: t.villages.map((v) => (placeHit || (q && v.name.includes(q)) ? v : { ...v, organisations: orgs(v.organisations), mediators: people(v.mediators) })),
      };
    }),
  };
}

export function PublicDirectoryView({ client = registryApi }: PublicDirectoryViewProps) {
  const dir = useFetched('directory', (signal) => client.directory(signal));
  const [q, setQ] = useState('');
  const [township, setTownship] = useState('');
  const shown = useMemo(() => (dir.data ? narrow(dir.data, q.trim(), township) : null), [dir.data, q, township]);

  return (
    <div className="directory">
      <header className="directory-head">
        <div>
          <h1>浉河区诉源治理参与单位和人员名录</h1>
          <p className="directory-sub">信阳市浉河区人民法院 · 人民法院调解平台进乡村、进社区、进网格 · 信息公开，接受社会监督</p>
        </div>
        <div className="directory-actions no-print">
          <button type="button" className="primary-button" onClick={() => window.print()}>打印名录</button>
          <a className="secondary-button registry-link-button" href="/">工作人员登录</a>
        </div>
      </header>
      {dir.error && <ErrorMessage message={dir.error.message} onRetry={dir.reload} />}
      {!dir.data && !dir.error && <div className="view-center"><Loading text="正在加载名录…" /></div>}
      {dir.data && shown && (
        <>
          <p className={dir.data.demo ? 'directory-notice demo' : 'directory-notice'} role="note">{dir.data.notice}</p>
          <div className="directory-filters no-print" role="search">
            <input type="search" placeholder="搜索姓名、单位、乡镇或村（社区）" value={q} onChange={(e) => setQ(e.target.value)} aria-label="搜索名录" />
            <select value={township} onChange={(e) => setTownship(e.target.value)} aria-label="乡镇（街道）">
              <option value="">全部乡镇（街道）</option>
              {dir.data.townships.map((t) => <option key={t.code} value={t.code}>{t.name}</option>)}
            </select>
            <span>共 {dir.data.counts.organisations} 个调解组织、{dir.data.counts.mediators} 名在岗调解员</span>
          </div>
          <section className="directory-section" aria-label="人民法庭">
            <h2>人民法庭（法院）及辖区</h2>
            <ul className="directory-tribunals">
              {dir.data.tribunals.map((t) => <li key={t.name}><b>{t.name}</b>{t.address ? `（${t.address}）` : ''}：{t.townships.join('、') || '—'}</li>)}
            </ul>
          </section>
          {(shown.district.organisations.length > 0 || shown.district.mediators.length > 0) && (
            <section className="directory-section" aria-label="全区">
              <h2>全区（区级调解组织和调解员）</h2>
              <Organisations items={shown.district.organisations} />
              <People items={shown.district.mediators} />
            </section>
          )}
          {shown.townships.map((t) => {
            const villages = t.villages.filter((v) => v.organisations.length || v.mediators.length);
            if (!t.organisations.length && !t.mediators.length && !villages.length) return null;
            return (
              <section key={t.code} className="directory-section" aria-label={t.name}>
                <h2>{t.name}{t.tribunal ? <small>对接：{t.tribunal}</small> : null}</h2>
                <Organisations items={t.organisations} />
                <People items={t.mediators} />
                {villages.map((v) => (
                  <div key={v.code} className="directory-village">
                    <h3>{v.name}</h3>
                    <Organisations items={v.organisations} />
                    <People items={v.mediators} />
                  </div>
                ))}
              </section>
            );
          })}
          <p className="directory-foot">生成时间：{new Date(dir.data.generated_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}。联系电话隐去中间四位；本名录不含身份证号、住址及任何案件信息。</p>
        </>
      )}
    </div>
  );
}
