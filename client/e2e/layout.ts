// What a person sees on a small screen, measured in the page: elements that stick out of the viewport
// sideways, buttons and links smaller than a finger (44 px), text broken one character per line, and
// whether the page itself scrolls sideways. Each finding names the element so a failure says what to fix.
import type { Page } from 'playwright-core';

export interface LayoutReport {
  /** The page is wider than the viewport (it would scroll sideways). */
  pageOverflow: number;
  /** Visible elements whose visible part reaches past the viewport's left or right edge. */
  outside: string[];
  /** Visible buttons and links under 44 px in height or width. */
  smallTargets: string[];
  /** Visible text of 4+ characters with fewer than 2 characters a line. */
  brokenText: string[];
}

export const MIN_TARGET = 44;

export async function layoutReport(page: Page): Promise<LayoutReport> {
  // tsx (esbuild keepNames) wraps the named helpers below in __name(); the page has no such function.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate((minTarget) => {
    const vw = document.documentElement.clientWidth;
    const name = (el: Element) => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().slice(0, 16);
      return `${el.tagName.toLowerCase()}${cls}${text ? ` "${text}"` : ''}`;
    };
    const shown = (el: Element) => {
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0 && el.getClientRects().length > 0;
    };
    /** The part of an element not clipped by an ancestor that hides or scrolls its overflow (null: none left). */
    const visibleRect = (el: Element) => {
      const r = el.getBoundingClientRect();
      let left = r.left, right = r.right, top = r.top, bottom = r.bottom;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          const c = a.getBoundingClientRect();
          left = Math.max(left, c.left); right = Math.min(right, c.right);
          top = Math.max(top, c.top); bottom = Math.min(bottom, c.bottom);
        }
        if (s.position === 'fixed') break;
      }
      return right - left > 0.5 && bottom - top > 0.5 ? { left, right, top, bottom } : null;
    };
    const outside: string[] = [];
    const smallTargets: string[] = [];
    const brokenText: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      // The map's own drawing surface and its attribution are the map library's, sized by it.
      if (el.closest('.maplibregl-canvas-container, .maplibregl-ctrl-attrib, svg')) continue;
      if (!shown(el)) continue;
      const v = visibleRect(el);
      if (!v) continue;
      if (v.left < -1 || v.right > vw + 1) outside.push(`${name(el)} [${Math.round(v.left)}, ${Math.round(v.right)}]`);
      if (el.matches('button, a[href], [role="tab"], select, summary')) {
        const r = el.getBoundingClientRect();
        // An inline link inside running text is read, not aimed at: only standalone links count.
        const inline = el.matches('a') && getComputedStyle(el).display === 'inline' && el.parentElement && (el.parentElement.textContent ?? '').trim() !== (el.textContent ?? '').trim();
        if (!inline && (r.height < minTarget - 0.5 || r.width < minTarget - 0.5)) smallTargets.push(`${name(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      for (const node of Array.from(el.childNodes)) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        const text = (node.textContent ?? '').trim();
        if ([...text].length < 4) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
        if (lines > 0 && [...text].length / lines < 2) brokenText.push(`${name(el)}: ${lines} lines for ${[...text].length} characters`);
      }
    }
    return { pageOverflow: Math.max(0, document.documentElement.scrollWidth - vw), outside, smallTargets, brokenText };
  }, MIN_TARGET);
}
