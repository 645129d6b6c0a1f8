// On phones and tablets (≤ 1024 px) a map view's panels are a sheet over the lower part of the map
// (styles.css, `--sheet-share` of the view's height). Framing the map there must leave the sheet out,
// or the place asked for lands under it.
export const HANDHELD_QUERY = '(max-width: 1024px)';

export interface Padding { top: number; right: number; bottom: number; left: number }

export function isHandheld(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia?.(HANDHELD_QUERY).matches;
}

/** The desk padding as given; on a handheld, a small margin and the sheet's height at the bottom. */
export function framePadding(desk: Padding, view: Element | null): Padding {
  if (!isHandheld() || !view) return desk;
  const share = Number(getComputedStyle(document.documentElement).getPropertyValue('--sheet-share')) || 0;
  return { top: 72, right: 16, left: 16, bottom: Math.round(view.getBoundingClientRect().height * share) + 16 };
}
