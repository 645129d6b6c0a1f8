// The public directory (信息公开): who takes part, by township and village, for anyone without a login.
// Only active organisations and mediators; personal phones masked, organisations' office lines shown (public by nature); never an ID number (none is stored),
// a mediator's location or a case. A mediator appears under every unit of their service areas (a grid
// under its village); district-wide ones and organisations without a unit under 全区.
import type { Knex } from '../../db/types.ts';
import type {
  DirectoryAnswer, DirectoryOrganisation, DirectoryPerson, DirectoryTownship, DirectoryVillage,
} from '../../contract/registry.ts';
import type { MediatorKind, OrganisationKind, Specialty } from '../../contract/vocab.ts';
import { runSql } from '../../db/sql.ts';
import { maskPhone, publicOrganisationPhone } from '../masking.ts';

interface Row {
  kind: 'organisation' | 'mediator';
  id: number;
  name: string;
  org_kind: OrganisationKind | null;
  industry: Specialty | null;
  address: string | null;
  tribunal: string | null;
  phone: string | null;
  township_code: string | null;
  village_code: string | null;
  med_kind: MediatorKind | null;
  work_unit: string | null;
  position: string | null;
  organisation: string | null;
  specialties: string[] | null;
  is_liaison: boolean | null;
  areas: { level: string; township_code: string | null; village_code: string | null }[] | string | null;
}

export async function publicDirectory(knex: Knex): Promise<DirectoryAnswer> {
  const townships = (await knex('townships as t').leftJoin('tribunals as tr', 'tr.id', 't.tribunal_id')
    .orderBy('t.code').select('t.code', 't.name', 'tr.name as tribunal')) as { code: string; name: string; tribunal: string | null }[];
  const villages = (await knex('villages').orderBy('code').select('code', 'township_code', 'display_name as name')) as { code: string; township_code: string; name: string }[];
  const tribunals = (await knex('tribunals as tr').orderBy('tr.id').select('tr.id', 'tr.name', 'tr.address',
    knex.raw(`(SELECT coalesce(json_agg(t.name ORDER BY t.code), '[]'::json) FROM townships t WHERE t.tribunal_id = tr.id) AS townships`))) as { name: string; address: string | null; townships: string[] | string }[];
  const demo = Boolean(await knex('mediators').where({ is_demo: true }).first('id'));
  const rows = await runSql<Row>(knex, 'registry-directory');

  const byTownship = new Map<string, DirectoryTownship>();
  for (const t of townships) byTownship.set(t.code, { code: t.code, name: t.name, tribunal: t.tribunal, organisations: [], mediators: [], villages: [] });
  const byVillage = new Map<string, DirectoryVillage>();
  for (const v of villages) {
    const entry: DirectoryVillage = { code: v.code, name: v.name, organisations: [], mediators: [] };
    byVillage.set(v.code, entry);
    byTownship.get(v.township_code)?.villages.push(entry);
  }
  const district = { organisations: [] as DirectoryOrganisation[], mediators: [] as DirectoryPerson[] };
  let orgCount = 0;
  let medCount = 0;
  for (const r of rows) {
    if (r.kind === 'organisation') {
      orgCount++;
      const o: DirectoryOrganisation = { name: r.name, kind: r.org_kind!, industry: r.industry, address: r.address, tribunal: r.tribunal, contact_phone: publicOrganisationPhone(r.phone) };
      const target = (r.village_code && byVillage.get(r.village_code)) || (r.township_code && byTownship.get(r.township_code)) || district;
      target.organisations.push(o);
      continue;
    }
    medCount++;
    const p: DirectoryPerson = {
      name: r.name, kind: r.med_kind!, work_unit: r.work_unit, position: r.position, organisation: r.organisation,
      tribunal: r.tribunal, specialties: r.specialties ?? [], is_liaison: Boolean(r.is_liaison), phone: maskPhone(r.phone),
    };
    const areas = (typeof r.areas === 'string' ? JSON.parse(r.areas) : r.areas) ?? [];
    const placed = new Set<object>();
    for (const a of areas as { level: string; township_code: string | null; village_code: string | null }[]) {
      const target = a.level === 'district' ? district
        : a.level === 'township' ? byTownship.get(a.township_code ?? '')
          : byVillage.get(a.village_code ?? '');
      if (target && !placed.has(target)) {
        placed.add(target);
        target.mediators.push(p);
      }
    }
    if (!placed.size) district.mediators.push(p);
  }
  return {
    generated_at: new Date().toISOString(),
    demo,
    notice: demo
      ? '本名录含演示数据：调解组织和调解员的姓名、电话均为虚构示例，仅供系统演示。联系电话已隐去中间四位。'
      : '联系电话已隐去中间四位；如需联系，请通过所属调解组织或人民法庭。',
    tribunals: tribunals.map((t) => ({ name: t.name, address: t.address, townships: typeof t.townships === 'string' ? JSON.parse(t.townships) : t.townships })),
    district,
    townships: [...byTownship.values()],
    counts: { organisations: orgCount, mediators: medCount },
  };
}
