// The registry maps' points: the listed items that have a location, the selected one last (drawn on top).
export interface SelectablePoints<P> {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: number; geometry: { type: 'Point'; coordinates: [number, number] }; properties: P & { selected: boolean } }[];
}

export function selectablePoints<T extends { id: number; location: { coordinates: [number, number] } | null }, P>(
  items: readonly T[], selected: number | null, props: (item: T) => P,
): SelectablePoints<P> {
  const withPoint = items.filter((x) => x.location);
  withPoint.sort((a, b) => Number(a.id === selected) - Number(b.id === selected));
  return {
    type: 'FeatureCollection',
    features: withPoint.map((x) => ({
      type: 'Feature', id: x.id, geometry: { type: 'Point', coordinates: x.location!.coordinates },
      properties: { ...props(x), selected: x.id === selected },
    })),
  };
}
