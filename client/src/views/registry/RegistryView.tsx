// 调解名册 (issue 5): tabs 调解员 / 调解组织 / 人民法庭, each a filtered table with Excel export; the
// mediators and the organisations also on the map. Admin edits, withdraws and imports (ImportWizard); dispatcher, planner and
// leader read (the server masks phones for planner and leader).
import { useCallback, useState } from 'react';
import type { Role } from '../../../../server/src/contract/auth.ts';
import type { ImportKind } from '../../../../server/src/contract/registry.ts';
import { api as defaultApi, type ApiClient } from '../../api/client.ts';
import { registryApi, type RegistryClient } from '../../api/registry.ts';
import { useFetched } from '../useFetched.ts';
import { ImportWizard } from './ImportWizard.tsx';
import { MediatorsTab } from './MediatorsTab.tsx';
import { OrganisationsTab } from './OrganisationsTab.tsx';
import { TribunalsTab } from './TribunalsTab.tsx';
import { SpecialtiesTab } from './SpecialtiesTab.tsx';
import { CausesTab } from './CausesTab.tsx';
import { GisDownload } from '../../components/GisDownload.tsx';

const TABS = { mediators: '调解员', organisations: '调解组织', tribunals: '人民法庭', specialties: '专长', causes: '案由对照' } as const;
/** The layers a registry reader may download as GIS files (GET /api/export/:layer; the server masks phones by role). */
const GIS_LAYERS = { mediators: '调解员', organisations: '调解组织', tribunals: '人民法庭辖区', townships: '乡镇街道', villages: '村（社区）', grids: '网格' };
type Tab = keyof typeof TABS;

export interface RegistryViewProps {
  role?: Role;
  client?: ApiClient;
  registry?: RegistryClient;
}

export function RegistryView({ role = 'leader', client = defaultApi, registry = registryApi }: RegistryViewProps) {
  const [tab, setTab] = useState<Tab>('mediators');
  const [importing, setImporting] = useState<ImportKind | null>(null);
  const [refresh, setRefresh] = useState(0);
  const loadGrids = useCallback((signal: AbortSignal) => client.areas('grid', undefined, signal), [client]);
  const townships = useFetched('township', (signal) => client.areas('township', undefined, signal));
  const villages = useFetched('village', (signal) => client.areas('village', undefined, signal));
  const tribunals = useFetched(`tribunals#${refresh}`, (signal) => registry.tribunals(signal));
  // Organisations for the mediator filter and form's list (the whole register: a few hundred).
  const specialties = useFetched(`specialties#${refresh}`, (signal) => registry.specialties(signal));
  const organisations = useFetched(`orgs#${refresh}`, (signal) => registry.organisations({ page_size: 5000, status: ['active'] }, signal));

  return (
    <div className="registry">
      <header className="registry-head">
        <div className="registry-tabs" role="tablist" aria-label="名册">
          {(Object.keys(TABS) as Tab[]).filter((k) => k !== 'causes' || role === 'admin' || role === 'dispatcher').map((k) => (
            <button key={k} type="button" role="tab" aria-selected={k === tab} className={k === tab ? 'active' : undefined} onClick={() => setTab(k)}>{TABS[k]}</button>
          ))}
        </div>
        <span className="registry-note">名册中的调解组织、调解员及多数法庭为演示数据（姓名、电话均为虚构）。</span>
        <GisDownload layers={GIS_LAYERS} layer={tab === 'specialties' || tab === 'causes' ? undefined : tab} />
        {role === 'admin' && (tab === 'mediators' || tab === 'organisations') && (
          <button type="button" className="primary-button small" onClick={() => setImporting(tab === 'organisations' ? 'organisations' : 'mediators')}>批量导入（Excel / CSV）</button>
        )}
      </header>
      {tab === 'mediators' && (
        <MediatorsTab client={registry} role={role} townships={townships.data} villages={villages.data} organisations={organisations.data?.items ?? []}
          tribunals={tribunals.data?.items ?? []} refresh={refresh} loadGrids={loadGrids} specialties={specialties.data ?? []} />
      )}
      {tab === 'organisations' && (
        <OrganisationsTab client={registry} role={role} townships={townships.data} villages={villages.data} tribunals={tribunals.data?.items ?? []} refresh={refresh} />
      )}
      {tab === 'tribunals' && (
        <TribunalsTab client={registry} role={role} tribunals={tribunals.data?.items ?? null} townships={townships.data} onChanged={() => setRefresh((r) => r + 1)} />
      )}
      {tab === 'specialties' && (
        <SpecialtiesTab client={registry} role={role} specialties={specialties.data ?? null} onChanged={() => setRefresh((r) => r + 1)} />
      )}
      {tab === 'causes' && <CausesTab role={role} />}
      {importing && (
        <ImportWizard client={registry} initialKind={importing} onClose={() => setImporting(null)} onImported={() => setRefresh((r) => r + 1)} />
      )}
    </div>
  );
}
