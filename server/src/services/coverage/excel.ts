// The coverage list as an Excel workbook (.xlsx): one sheet of units (uncovered first), one of the
// definition and parameters, so a printed list always says what "covered" meant.
import { newWorkbook } from '../excel.ts';
import { COVERAGE_DEFINITION, COVERAGE_LEVELS, COVERAGE_REASONS, type CoverageSettings, type CoverageUnit } from '../../contract/coverage.ts';

export async function coverageWorkbook(units: CoverageUnit[], settings: CoverageSettings, townships: Map<string, string>, demo: boolean): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '浉河区矛盾纠纷多元化解平台';
  const ws = wb.addWorksheet('覆盖情况');
  ws.columns = [
    { header: '代码', key: 'code', width: 17 },
    { header: '名称', key: 'name', width: 22 },
    { header: '乡镇（街道）', key: 'township', width: 14 },
    { header: '城乡', key: 'urban', width: 6 },
    { header: '是否覆盖', key: 'covered', width: 9 },
    { header: '未覆盖原因', key: 'reasons', width: 36 },
    { header: '负责的在岗调解员数', key: 'responsible', width: 10 },
    { header: '最近在岗调解员距离（米）', key: 'nearest', width: 14 },
    { header: '覆盖半径（米）', key: 'radius', width: 10 },
    { header: '人口（估计）', key: 'population', width: 11 },
    { header: '案件数', key: 'cases', width: 8 },
    { header: '经度', key: 'lng', width: 11 },
    { header: '纬度', key: 'lat', width: 11 },
  ];
  ws.getRow(1).font = { bold: true };
  const sorted = [...units].sort((a, b) => Number(a.covered) - Number(b.covered) || b.population_est - a.population_est || a.code.localeCompare(b.code));
  for (const u of sorted) {
    ws.addRow({
      code: u.code, name: u.name, township: townships.get(u.township_code) ?? u.township_code, urban: u.urban ? '城镇' : '乡村',
      covered: u.covered ? '已覆盖' : '未覆盖', reasons: u.reasons.map((r) => COVERAGE_REASONS[r]).join('；'),
      responsible: u.responsible_mediators.length, nearest: u.nearest_mediator_m === null ? null : Math.round(u.nearest_mediator_m),
      radius: u.radius_m, population: u.population_est, cases: u.case_count,
      lng: u.point.coordinates[0], lat: u.point.coordinates[1],
    });
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: 'A1', to: 'M1' };
  const about = wb.addWorksheet('口径说明');
  about.getColumn(1).width = 24;
  about.getColumn(2).width = 100;
  const lines: [string, string][] = [
    ['单元层级', COVERAGE_LEVELS[settings.level]],
    ['城镇覆盖半径（米）', String(settings.radius_urban_m)],
    ['乡村覆盖半径（米）', String(settings.radius_rural_m)],
    ['案件统计期间', `${settings.period.from} 至 ${settings.period.to}`],
    ['数据', demo ? '演示数据（示意，非真实）' : '实际数据'],
    ['覆盖口径', COVERAGE_DEFINITION],
  ];
  for (const l of lines) about.addRow(l).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
