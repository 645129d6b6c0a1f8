// Steps the browser tests share: logging in through the login page, opening a view from the menu, waiting
// for the map, noting requests that leave this server, and reading the map canvas's pixels back.
import type { Page } from 'playwright-core';

export type Box = { x: number; y: number; width: number; height: number };

/** Fills the login page and submits it (the demo accounts are listed in README). */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Opens a view by its menu link (on a phone with a collapsed menu, the 菜单 button opens the menu first). */
export async function openView(page: Page, name: string): Promise<void> {
  // The top bar is there once the session is known (isVisible below does not wait).
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  const link = page.getByRole('navigation', { name: '功能导航' }).getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) await page.getByRole('button', { name: '菜单' }).click();
  await link.click();
}

/** Waits until MapView has drawn (it sets data-map-ready on <body>). */
export async function waitForMap(page: Page, timeout?: number): Promise<void> {
  await page.waitForSelector('body[data-map-ready="true"]', timeout === undefined ? undefined : { timeout });
}

/** Collects into `outside` every request that goes anywhere but this server (a closed court network has nothing else). */
export function trackOutside(page: Page, base: string, outside: string[]): void {
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:')) outside.push(u);
  });
}

/** The map canvas's place on the page. */
export async function mapBox(page: Page): Promise<Box> {
  return (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
}

/** The properties of the features drawn in a map layer ([] when the layer is not there). */
export function renderedProperties(page: Page, layer: string): Promise<Record<string, unknown>[]> {
  return page.evaluate((l) => {
    const map = (window as unknown as { __map: { getLayer(id: string): unknown; queryRenderedFeatures(o: object): { properties: Record<string, unknown> }[] } }).__map;
    if (!map.getLayer(l)) return [];
    return map.queryRenderedFeatures({ layers: [l] }).map((f) => f.properties);
  }, layer);
}

/**
 * The RGBA pixels of a box of a PNG (a screenshot, a downloaded briefing), decoded in the page itself (there
 * is no image library in node); the box is cut to the image.
 */
export async function pixelsOf(page: Page, png: Buffer, box: Box): Promise<{ data: Buffer; width: number; height: number }> {
  const r = await page.evaluate(async ({ b64, box }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(box.x, box.y, Math.min(box.width, img.width - box.x), Math.min(box.height, img.height - box.y)).data;
    // Back to node as base64 (a data: URL of the bytes): an array of millions of numbers would be slow to pass.
    const url = await new Promise<string>((resolve) => { const f = new FileReader(); f.onload = () => resolve(f.result as string); f.readAsDataURL(new Blob([d])); });
    return { b64: url.slice(url.indexOf(',') + 1), width: img.width, height: img.height };
  }, { b64: png.toString('base64'), box });
  return { data: Buffer.from(r.b64, 'base64'), width: r.width, height: r.height };
}

/** Colour classes (5 bits a channel, every 4th pixel) and the share of non-white pixels in a box of a PNG. */
export async function colourStats(page: Page, png: Buffer, box: Box) {
  const { data: d, width, height } = await pixelsOf(page, png, box);
  const colours = new Set<number>();
  let nonWhite = 0;
  for (let i = 0; i < d.length; i += 16) {
    colours.add((d[i]! >> 3 << 10) | (d[i + 1]! >> 3 << 5) | (d[i + 2]! >> 3));
    if (d[i]! < 235 || d[i + 1]! < 235 || d[i + 2]! < 235) nonWhite++;
  }
  return { colours: colours.size, nonWhiteShare: nonWhite / (d.length / 16), width, height };
}
