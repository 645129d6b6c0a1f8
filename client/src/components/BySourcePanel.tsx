// 案件来源: the cases of the period by where they came from (法院委派, 网格上报, 群众来访/自行受理, 部门移交),
// with how many of each were settled, and the grid reports resolved on the spot (就地化解). A small table:
// four rows need no chart library.
import { CASE_SOURCES, type CaseSource } from '../../../server/src/contract/vocab.ts';
import './by-source.css';
import type { Summary } from '../api/types.ts';

export function BySourcePanel({ data, settledOnSpot }: { data: NonNullable<Summary['by_source']>; settledOnSpot?: number }) {
  const counts = new Map(data.map((d) => [d.source, d]));
  const total = data.reduce((n, d) => n + d.count, 0);
  return (
    <section className="chart-card" data-testid="chart-source">
      <header>
        <h3>案件来源</h3>
        <span className="chart-note">件（调解成功）</span>
      </header>
      <table className="source-table">
        <tbody>
          {(Object.keys(CASE_SOURCES) as CaseSource[]).map((k) => {
            const d = counts.get(k);
            const share = total && d ? Math.round((d.count / total) * 100) : 0;
            return (
              <tr key={k} data-testid={`source-${k}`}>
                <th scope="row">{CASE_SOURCES[k]}</th>
                <td>
                  <span className="source-bar" style={{ width: `${share}%` }} aria-hidden />
                </td>
                <td className="num">{d?.count ?? 0}（{d?.settled ?? 0}）</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {settledOnSpot !== undefined && <p className="chart-note" data-testid="settled-on-spot">其中网格员就地化解 {settledOnSpot} 件</p>}
    </section>
  );
}
