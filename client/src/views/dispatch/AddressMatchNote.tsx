// What the gazetteer made of a typed address (server/src/services/gazetteer.ts): an exact match says the
// place and how far it is known (a village, not its grid); a partial match is shown as uncertain with its
// ranked alternatives; several equal places (422 address_ambiguous / address_uncertain) are offered to pick.
import type { AddressMatchInfo, AddressPlace } from '../../../../server/src/contract/cases.ts';
import type { ApiError } from '../../api/client.ts';

type Place = Pick<AddressPlace, 'level' | 'code' | 'name' | 'township_name'>;

const LEVEL_LABEL: Record<Place['level'], string> = { village: '村（社区）', township: '乡镇（街道）' };
const placeText = (p: Place) => (p.level === 'village' ? `${p.township_name} ${p.name}` : p.name);

/** The places a 422 address answer offers (error.details.candidates), none for other errors. */
export function offeredPlaces(e: ApiError | null | undefined): Place[] {
  if (!e || (e.code !== 'address_ambiguous' && e.code !== 'address_uncertain')) return [];
  const d = e.details as { candidates?: unknown } | null | undefined;
  return Array.isArray(d?.candidates) ? (d!.candidates as Place[]) : [];
}

function Choices({ places, onPick, label }: { places: readonly Place[]; onPick: (p: Place) => void; label: string }) {
  if (!places.length) return null;
  return (
    <ol className="address-candidates" aria-label={label} data-testid="address-alternatives">
      {places.map((p) => (
        <li key={`${p.level}:${p.code}`}>
          <button type="button" className="link-button" onClick={() => onPick(p)}>{placeText(p)}</button>
          <span className="muted small"> · {LEVEL_LABEL[p.level]}</span>
        </li>
      ))}
    </ol>
  );
}

export function AddressMatchNote({ match, error, onPick }: { match?: AddressMatchInfo | null; error?: ApiError | null; onPick: (p: Place) => void }) {
  const offered = offeredPlaces(error);
  if (error && offered.length) {
    return (
      <div className="address-match address-uncertain" role="alert" data-testid="address-match">
        <p>{error.message}</p>
        <Choices places={offered} onPick={onPick} label="可能的地点" />
      </div>
    );
  }
  if (!match) return null;
  const level = match.level === 'village' ? '仅定位到村（社区）' : '仅定位到乡镇（街道）';
  if (match.outcome === 'partial') {
    return (
      <div className="address-match address-uncertain" role="alert" data-testid="address-match" data-outcome="partial">
        <p>
          <b>地址未能确定</b>：只有部分文字与“{placeText(match)}”相符，下列排序按{match.level === 'village' ? '该村（社区）' : '其代表点'}计算，可能不准确（{level}）。
          请选定实际地点，或在地图上点选位置：
        </p>
        <Choices places={[match, ...match.alternatives]} onPick={onPick} label="可能的地点（按匹配程度排序）" />
      </div>
    );
  }
  return (
    <p className="hint address-match" data-testid="address-match" data-outcome="exact">
      地址匹配到：{placeText(match)}（{level}）
    </p>
  );
}
