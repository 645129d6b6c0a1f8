// The preview's answer as JSON text, written straight out: exactly the text JSON.stringify gives for the
// same answer (tested: server/test/dispatch-answer-json.test.ts), in a fraction of the time. What does
// not change between previews — a mediator's name, kind, organisation, location and service areas — is
// stringified once per mediator and kept, keyed by the mediator's service-area list (the read model hands
// out the same list object for a mediator until its layer is reloaded; a list from SQL is new each time
// and is simply not found again). The rest is a few numbers and the reasons.
import type { AddressMatchInfo, Candidate, PreviewAnswer } from '../../contract/cases.ts';

interface Kept { name: string; kind: string; organisation: string | null; location: Candidate['location']; head: string; tail: string }
const kept = new WeakMap<object, Kept>();

const str = JSON.stringify;

function candidateJson(c: Candidate): string {
  let k = kept.get(c.service_areas);
  if (!k || k.name !== c.name || k.kind !== c.kind || k.organisation !== c.organisation || k.location !== c.location) {
    k = {
      name: c.name, kind: c.kind, organisation: c.organisation, location: c.location,
      head: `,"name":${str(c.name)},"kind":${str(c.kind)},"organisation":${str(c.organisation)},"tier":`,
      tail: `,"location":${str(c.location)},"service_areas":${str(c.service_areas)}}`,
    };
    kept.set(c.service_areas, k);
  }
  let reasons = '';
  for (let i = 0; i < c.reasons.length; i++) reasons += (i ? ',' : '') + str(c.reasons[i]);
  return `{"mediator_id":${c.mediator_id}${k.head}${c.tier},"tier_label":${str(c.tier_label)},"distance_m":${c.distance_m === null ? 'null' : c.distance_m},` +
    `"open_cases":${c.open_cases},"capacity":${c.capacity},"score":${c.score},"specialty_match":${c.specialty_match},"reasons":[${reasons}]${k.tail}`;
}

/** JSON.stringify(answer with address_match) as text, the address match (if any) last as the route adds it. */
export function previewJson(a: PreviewAnswer, addressMatch?: AddressMatchInfo): string {
  if (a.outcome === 'outside_district' || !Number.isFinite(a.lng) || !Number.isFinite(a.lat)) {
    return str(addressMatch ? { ...a, address_match: addressMatch } : a);
  }
  let cands = '';
  for (let i = 0; i < a.candidates.length; i++) cands += (i ? ',' : '') + candidateJson(a.candidates[i]!);
  return `{"outcome":${str(a.outcome)},"lng":${a.lng},"lat":${a.lat},"dispute_type":${str(a.dispute_type)},"located":${str(a.located)},` +
    `"candidates":[${cands}],"excluded":${str(a.excluded)}` +
    (a.boundary_warning !== undefined ? `,"boundary_warning":${str(a.boundary_warning)}` : '') +
    (a.advice !== undefined ? `,"advice":${str(a.advice)}` : '') +
    (a.address_match !== undefined && !addressMatch ? `,"address_match":${str(a.address_match)}` : '') +
    (addressMatch ? `,"address_match":${str(addressMatch)}` : '') + '}';
}
