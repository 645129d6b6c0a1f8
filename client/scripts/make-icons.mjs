// Writes the PWA icons (client/public/icons/icon-192.png, icon-512.png, maskable-512.png) from code: the
// brand mark of the top bar (a balance: beam, post, base, two pans) in white on the top bar's blue. No image
// library is installed, so the PNG is written by hand (zlib deflate, CRC-32). Usage: node client/scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const out = path.resolve(import.meta.dirname, '../public/icons');
const BLUE = [0x1f, 0x4e, 0x8c];
const WHITE = [0xff, 0xff, 0xff];

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** The mark in a 32-unit square (as the SVG of App.tsx): is (x, y) on a stroke? */
function onMark(x, y) {
  const seg = (x1, y1, x2, y2, w) => {
    const dx = x2 - x1, dy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= w / 2;
  };
  const w = 1.8;
  return seg(8, 9, 24, 9, w) || seg(16, 9, 16, 23, w) || seg(10, 23, 22, 23, w)
    || seg(9, 13, 6.5, 18, w) || seg(9, 13, 11.5, 18, w) || seg(6.5, 18, 11.5, 18, w)
    || seg(23, 13, 20.5, 18, w) || seg(23, 13, 25.5, 18, w) || seg(20.5, 18, 25.5, 18, w);
}

function png(size, { safe }) {
  // A maskable icon keeps its mark inside the central 80 % (the safe zone); the plain one uses 90 %.
  const scale = (safe ? 0.62 : 0.9) * size / 32, offset = (size - 32 * scale) / 2;
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let px = 0; px < size; px++) {
      const c = onMark((px + 0.5 - offset) / scale, (py + 0.5 - offset) / scale) ? WHITE : BLUE;
      row.set(c, 1 + px * 3);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'icon-192.png'), png(192, { safe: false }));
fs.writeFileSync(path.join(out, 'icon-512.png'), png(512, { safe: false }));
fs.writeFileSync(path.join(out, 'maskable-512.png'), png(512, { safe: true }));
console.log(`icons written to ${out}`);
