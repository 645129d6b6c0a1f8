// The printable one-page briefing (领导简报) as a PNG: the map drawn from the same GeoJSON and colours as
// the screen's thematic layer, its legend, and the key figures, on one 2D canvas (A4 landscape ratio).
// Drawn from the data, not read back from the WebGL canvas: no preserveDrawingBuffer needed, and the
// page prints the same picture (print stylesheet) as the PNG download.
import type { AreaFeature, Position } from '../../api/types.ts';
import type { ThematicModel } from '../../lib/thematic.ts';

export interface BriefingFigure { label: string; value: string; hint?: string; warning?: boolean }
export interface BriefingInput {
  title: string;
  subtitle: string;
  features: readonly AreaFeature[];
  model: ThematicModel;
  figures: readonly BriefingFigure[];
  notes: readonly string[];
}

export const BRIEFING_SIZE = { width: 1754, height: 1240 } as const; // A4 landscape at 150 dpi
const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

/** The colour an area gets on the thematic map (the same rule as the layer's fill expression). */
export function colourOf(model: ThematicModel, properties: Record<string, unknown>): string {
  const v = properties[model.property];
  if (model.zero && (v === 0 || v === null || v === undefined)) return model.zero.color;
  if (typeof v !== 'number' || !Number.isFinite(v)) return model.noData?.color ?? '#e3e6ea';
  let colour = model.classes[0]?.color ?? '#e3e6ea';
  for (const c of model.classes) if (v >= c.min) colour = c.color;
  return colour;
}

/** A projection of lng/lat into a box (equirectangular, x scaled by cos of the middle latitude). */
export function fitProjection(features: readonly AreaFeature[], box: { x: number; y: number; width: number; height: number }) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (p: Position) => {
    minX = Math.min(minX, p[0]!); maxX = Math.max(maxX, p[0]!); minY = Math.min(minY, p[1]!); maxY = Math.max(maxY, p[1]!);
  };
  for (const f of features) for (const ring of rings(f)) ring.forEach(visit);
  if (!Number.isFinite(minX)) return (p: Position) => [box.x, box.y] as [number, number];
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const w = (maxX - minX) * k, h = maxY - minY;
  const s = Math.min(box.width / w, box.height / h);
  const ox = box.x + (box.width - w * s) / 2, oy = box.y + (box.height - h * s) / 2;
  return (p: Position) => [ox + (p[0]! - minX) * k * s, oy + (maxY - p[1]!) * s] as [number, number];
}

function rings(f: AreaFeature): Position[][] {
  const g = f.geometry;
  if (!g) return [];
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

function drawAreas(g: CanvasRenderingContext2D, features: readonly AreaFeature[], model: ThematicModel, project: (p: Position) => [number, number], stroke: string, width: number, fill: boolean) {
  for (const f of features) {
    g.beginPath();
    for (const ring of rings(f)) {
      ring.forEach((p, i) => {
        const [x, y] = project(p);
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.closePath();
    }
    if (fill) {
      g.fillStyle = colourOf(model, f.properties as unknown as Record<string, unknown>);
      g.fill('evenodd');
    }
    g.strokeStyle = stroke;
    g.lineWidth = width;
    g.stroke();
  }
}

/** Draws the briefing onto a new canvas. `townships` outline the thematic `features` when given. */
export function drawBriefing(input: BriefingInput, townships: readonly AreaFeature[] = [], doc: Document = document): HTMLCanvasElement {
  const { width, height } = BRIEFING_SIZE;
  const canvas = doc.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  // Header
  g.fillStyle = '#0f2646';
  g.fillRect(0, 0, width, 110);
  g.fillStyle = '#ffffff';
  g.font = `600 44px ${FONT}`;
  g.textBaseline = 'middle';
  g.fillText(input.title, 48, 48);
  g.font = `24px ${FONT}`;
  g.fillText(input.subtitle, 48, 88);
  g.fillStyle = '#b3202e';
  g.fillRect(0, 110, width, 6);

  // Map
  const mapBox = { x: 40, y: 150, width: 980, height: 940 };
  g.strokeStyle = '#dde3ec';
  g.lineWidth = 2;
  g.strokeRect(mapBox.x - 10, mapBox.y - 10, mapBox.width + 20, mapBox.height + 20);
  const project = fitProjection(townships.length ? townships : input.features, mapBox);
  drawAreas(g, input.features, input.model, project, 'rgba(90,111,145,0.7)', 0.8, true);
  if (townships.length) drawAreas(g, townships, input.model, project, '#1b3a6b', 2.2, false);

  // Legend (bottom left of the map)
  const rows = [
    ...(input.model.zero ? [{ color: input.model.zero.color, label: input.model.zero.label }] : []),
    ...input.model.classes.map((c) => ({ color: c.color, label: `${c.label} ${input.model.unit}` })),
    ...(input.model.noData ? [{ color: input.model.noData.color, label: input.model.noData.label }] : []),
  ];
  const lx = mapBox.x + 10, lh = 34, ly = mapBox.y + mapBox.height - 20 - (rows.length + 1) * lh;
  g.fillStyle = 'rgba(255,255,255,0.92)';
  g.fillRect(lx - 10, ly - 40, 420, (rows.length + 1) * lh + 30);
  g.fillStyle = '#1d2533';
  g.font = `600 24px ${FONT}`;
  g.fillText(`图例：${input.model.title}`, lx, ly - 16);
  g.font = `22px ${FONT}`;
  rows.forEach((r, i) => {
    const y = ly + 10 + i * lh;
    g.fillStyle = r.color;
    g.fillRect(lx, y, 40, 24);
    g.strokeStyle = 'rgba(0,0,0,0.2)';
    g.strokeRect(lx, y, 40, 24);
    g.fillStyle = '#1d2533';
    g.fillText(r.label, lx + 54, y + 13);
  });

  // Figures (right column, two per row)
  const fx = 1070, fw = 320, fh = 118, gap = 18;
  input.figures.forEach((f, i) => {
    const x = fx + (i % 2) * (fw + gap), y = 140 + Math.floor(i / 2) * (fh + gap);
    g.fillStyle = f.warning ? '#fcecee' : '#f4f6f9';
    g.fillRect(x, y, fw, fh);
    g.strokeStyle = f.warning ? '#f2c4c9' : '#dde3ec';
    g.strokeRect(x, y, fw, fh);
    g.fillStyle = f.warning ? '#b3202e' : '#4a5568';
    g.font = `22px ${FONT}`;
    g.fillText(f.label, x + 16, y + 26);
    g.fillStyle = f.warning ? '#b3202e' : '#0f2646';
    g.font = `600 44px ${FONT}`;
    g.fillText(f.value, x + 16, y + 70);
    if (f.hint) {
      g.fillStyle = '#7a8597';
      g.font = `18px ${FONT}`;
      g.fillText(f.hint, x + 16, y + 102);
    }
  });

  // Notes at the bottom
  g.fillStyle = '#7a8597';
  g.font = `19px ${FONT}`;
  input.notes.forEach((n, i) => g.fillText(n, 40, height - 100 + i * 28));
  return canvas;
}
