// The GCJ-02 check of a preview: a file whose every unit lies shifted from its current boundary by the
// GCJ-02 offset (about 595 m here) was read in the wrong CRS — GCJ-02 taken as WGS84, or WGS84 converted
// from GCJ-02 as if it were GCJ-02. Two tests, both needed, so a real re-survey (units moved each its own
// way) is not mistaken for it: the median centroid displacement matches the offset (within 30 % of it),
// and shifting the file back makes it overlap the current units clearly more (× 1.5).
import gcoord from 'gcoord';
import type { Knex } from '../../db/types.ts';
import { runSql } from '../../db/sql.ts';
import type { CrsOffset } from '../../contract/boundaries.ts';
import { METRES_PER_DEGREE } from './levels.ts';

/** The district's middle (浉河区), where the GCJ-02 offset is taken: it varies by metres across it. */
const MIDDLE: [number, number] = [114.0, 32.1];
const MIN_FEATURES = 3;

export async function detectCrsOffset(trx: Knex.Transaction, id: string, table: string, crsUsed: string): Promise<CrsOffset | null> {
  const [gx, gy] = gcoord.transform(MIDDLE, gcoord.WGS84, gcoord.GCJ02) as [number, number];
  const dx = gx - MIDDLE[0];
  const dy = gy - MIDDLE[1];
  const [r] = await runSql<{ matched: number; dx_median: number | null; dy_median: number | null; overlap_as_is: number; overlap_minus: number; overlap_plus: number }>(
    trx, 'boundary-offset', { id, dx, dy }, { table },
  );
  if (!r || r.matched < MIN_FEATURES || r.dx_median === null || r.dy_median === null) return null;
  const cos = Math.cos((MIDDLE[1] * Math.PI) / 180);
  const metres = (x: number, y: number) => Math.hypot(x * METRES_PER_DEGREE * cos, y * METRES_PER_DEGREE);
  const offset = metres(dx, dy);
  const asIs = Number(r.overlap_as_is);
  for (const sign of [1, -1] as const) {
    const miss = metres(r.dx_median - sign * dx, r.dy_median - sign * dy);
    const back = Number(sign === 1 ? r.overlap_minus : r.overlap_plus);
    if (miss < 0.3 * offset && back > 1.5 * asIs) {
      const east = Math.round(r.dx_median * METRES_PER_DEGREE * cos);
      const north = Math.round(r.dy_median * METRES_PER_DEGREE);
      const distance = Math.round(metres(r.dx_median, r.dy_median));
      const way = `${east >= 0 ? '向东' : '向西'} ${Math.abs(east)} 米、${north >= 0 ? '向北' : '向南'} ${Math.abs(north)} 米`;
      const toGcj = sign === 1;
      const suggested = toGcj ? 'gcj02' : 'EPSG:4326';
      const message = toGcj
        ? `整个文件相对现有边界系统性偏移约 ${distance} 米（${way}），与 GCJ-02（高德/腾讯“火星坐标”）的偏移一致：文件应是 GCJ-02 坐标，却按 ${crsUsed === 'gcj02' ? 'GCJ-02' : 'WGS84/CGCS2000'} 读入。请在“坐标系”中选择 GCJ-02 重新预览`
        : `整个文件相对现有边界系统性偏移约 ${distance} 米（${way}），正好是 GCJ-02 偏移的反方向：文件已是 WGS84/CGCS2000 坐标，却又按 GCJ-02 转换了一次。请在“坐标系”中选择 WGS84（EPSG:4326）重新预览`;
      return { kind: toGcj ? 'gcj02_as_wgs84' : 'wgs84_as_gcj02', east_m: east, north_m: north, distance_m: distance, suggested_crs: suggested, message };
    }
  }
  return null;
}
