// Distances on the WGS84 spheroid, to match PostGIS geography ST_Distance (which uses Karney's
// geodesic algorithm; Vincenty's inverse formula agrees with it to well under a millimetre for the
// distances of a district or a province), plus the degree box that encloses a geodesic circle.
const A = 6378137;
const F = 1 / 298.257223563;
const B = A * (1 - F);
const RAD = Math.PI / 180;

/** Geodesic distance in metres between two WGS84 points (Vincenty inverse). */
export function geodesicM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  if (lng1 === lng2 && lat1 === lat2) return 0;
  return geodesicReduced(lng1, reducedLatitude(lat1), lng2, reducedLatitude(lat2));
}

/** A latitude's reduced latitude as Vincenty's formula uses it: [sin U, cos U]. */
export function reducedLatitude(lat: number): [number, number] {
  const U = Math.atan((1 - F) * Math.tan(lat * RAD));
  return [Math.sin(U), Math.cos(U)];
}

/**
 * geodesicM with both reduced latitudes given (worked out once per point: a mediator's at load, the
 * case's once per preview); the same arithmetic, so the same result to the last bit. Not for equal points.
 */
export function geodesicReduced(lng1: number, r1: readonly [number, number], lng2: number, r2: readonly [number, number]): number {
  const L = (lng2 - lng1) * RAD;
  const sinU1 = r1[0], cosU1 = r1[1], sinU2 = r2[0], cosU2 = r2[1];
  let lambda = L;
  let sinSigma = 0, cosSigma = 0, sigma = 0, cos2Alpha = 0, cos2SigmaM = 0;
  for (let i = 0; i < 200; i++) {
    const sinL = Math.sin(lambda), cosL = Math.cos(lambda);
    const t1 = cosU2 * sinL, t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosL;
    sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cos2Alpha : 0;
    const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    const prev = lambda;
    lambda = L + (1 - C) * F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - prev) < 1e-13) break;
  }
  const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
  const kA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const kB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const dSigma = kB * sinSigma * (cos2SigmaM + (kB / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
    (kB / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  return B * kA * (sigma - dSigma);
}

/**
 * Half-sides in degrees of a box around (·, lat) that holds every point within `m` metres (the same
 * bound as coverage-*.sql): a degree of latitude is at least 110,574 m, a degree of longitude at least
 * 111,320·cos(latitude) m, taken at the box's poleward edge; 0.1 % slack.
 */
export function degreeBox(lat: number, m: number): { dLng: number; dLat: number } {
  const dLat = (m / 110574) * 1.001 + 1e-7;
  const edge = Math.min(89.9, Math.abs(lat) + m / 110574 + 0.001);
  return { dLng: (m / (111320 * Math.cos(edge * RAD))) * 1.001 + 1e-7, dLat };
}

const E2 = F * (2 - F);
/**
 * A fast local approximation of the geodesic distance: the ellipsoid's meridian and prime-vertical
 * radii at the mid-latitude (equirectangular on the ellipsoid). Within 0.1 % of geodesicM for the
 * distances that matter here; only used to rank candidates before the exact distance is computed.
 */
export function approxM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const phi = ((lat1 + lat2) / 2) * RAD;
  const s = Math.sin(phi);
  const w = 1 - E2 * s * s;
  const n = A / Math.sqrt(w);
  const m = (A * (1 - E2)) / (w * Math.sqrt(w));
  const x = (lng2 - lng1) * RAD * n * Math.cos(phi);
  const y = (lat2 - lat1) * RAD * m;
  return Math.sqrt(x * x + y * y);
}
