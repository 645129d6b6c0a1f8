// One tap to call a party or the dispatcher (`tel:`), and the case's place in the phone's map app.
// The server gives phones only to those who see the case as stored; a masked phone gets no link.
import { PARTY_ROLES, type CaseDetail } from '../../../../server/src/contract/cases.ts';
import { amapHref, geoHref, telHref } from './links.ts';
import { useAmapMarkerTemplate } from './map-links-setting.ts';

/** `amapTemplate`: the AMap link's template, null for none (default: the server's, off unless AMAP_LINKS=on). */
export function Contacts({ detail, dispatcher, amapTemplate }: { detail: CaseDetail; dispatcher: { name: string; phone: string | null } | null; amapTemplate?: string | null }) {
  const setting = useAmapMarkerTemplate(amapTemplate === undefined);
  const amap = amapTemplate === undefined ? setting : amapTemplate;
  const calls = detail.parties.map((p) => ({ p, href: telHref(p.phone) })).filter((x) => x.href);
  const dispatcherHref = telHref(dispatcher?.phone);
  const place = [detail.village_name, detail.grid_name].filter(Boolean).join(' ') || `案件 ${detail.id}`;
  return (
    <>
      <div className="cw-actions">
        {calls.map(({ p, href }) => (
          <a key={p.id} className="cw-call" href={href!} data-testid={`call-party-${p.id}`}>
            拨打{PARTY_ROLES[p.role]} {p.name}
          </a>
        ))}
        {dispatcherHref && (
          <a className="cw-call" href={dispatcherHref} data-testid="call-dispatcher">拨打分流员 {dispatcher!.name}</a>
        )}
      </div>
      {calls.length === 0 && !dispatcherHref && <p className="muted small">没有可拨打的电话。</p>}
      {detail.lng !== null && detail.lat !== null && (
        <div className="cw-actions">
          <a className="cw-button" href={geoHref(detail.lng, detail.lat, place)} data-testid="map-geo">在手机地图中打开</a>
          {amap && <a className="cw-button" href={amapHref(amap, detail.lng, detail.lat, place)} target="_blank" rel="noopener noreferrer" data-testid="map-amap">高德地图导航</a>}
        </div>
      )}
    </>
  );
}
