// Draws the app's PNG icons (the manifest's 192, 512 and maskable 512) from the same shapes as public/favicon.svg:
// a small rasteriser with 4×4 supersampling and Node's zlib, so the build needs no image tool. Run before
// `vite build` (npm run build); the PNGs land in public/icons/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BRAND_TOP = [0x4f, 0x53, 0xd6];
const BRAND_BOTTOM = [0x2b, 0x2e, 0x8f];
// Shapes on a 64×64 canvas, painted in order: [x, y, width, height, radius, colour].
const SHAPES = [
  [12, 16, 40, 34, 5, [255, 255, 255]],
  [12, 16, 40, 9, 4, [0xf9, 0x73, 0x16]],
  [17, 30, 12, 7, 2, [0x8b, 0x5c, 0xf6]],
  [32, 30, 15, 7, 2, [0x10, 0xb9, 0x81]],
  [17, 40, 18, 6, 2, [0x0e, 0xa5, 0xe9]],
  [38, 40, 9, 6, 2, [0xec, 0x48, 0x99]],
];

function insideRoundedRect(x, y, [left, top, width, height, radius]) {
  if (x < left || y < top || x > left + width || y > top + height) return false;
  const cx = Math.min(Math.max(x, left + radius), left + width - radius);
  const cy = Math.min(Math.max(y, top + radius), top + height - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** The colour at a point of the 64×64 design, or null outside the icon. `maskable` fills the whole square. */
function colourAt(x, y, maskable) {
  // A maskable icon keeps its drawing inside the centre 80% (the safe zone), on a full brand square.
  const scale = maskable ? 0.78 : 1;
  const u = (x - 32) / scale + 32;
  const v = (y - 32) / scale + 32;
  let colour = null;
  if (maskable || insideRoundedRect(u, v, [0, 0, 64, 64, 14])) {
    const t = Math.min(1, Math.max(0, (u + v) / 128));
    colour = BRAND_TOP.map((c, i) => c + (BRAND_BOTTOM[i] - c) * t);
  }
  for (const shape of SHAPES) if (insideRoundedRect(u, v, shape)) colour = shape[5];
  return colour;
}

function draw(size, maskable) {
  const samples = 4;
  const pixels = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row += 1) {
    pixels[row * (size * 4 + 1)] = 0; // PNG filter: none
    for (let column = 0; column < size; column += 1) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const colour = colourAt(((column + (sx + 0.5) / samples) / size) * 64, ((row + (sy + 0.5) / samples) / size) * 64, maskable);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const offset = row * (size * 4 + 1) + 1 + column * 4;
      pixels[offset] = a ? Math.round(r / a) : 0;
      pixels[offset + 1] = a ? Math.round(g / a) : 0;
      pixels[offset + 2] = a ? Math.round(b / a) : 0;
      pixels[offset + 3] = Math.round((a / samples ** 2) * 255);
    }
  }
  return png(size, pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const folder = new URL('../public/icons/', import.meta.url);
mkdirSync(folder, { recursive: true });
writeFileSync(new URL('icon-192.png', folder), draw(192, false));
writeFileSync(new URL('icon-512.png', folder), draw(512, false));
writeFileSync(new URL('icon-maskable-512.png', folder), draw(512, true));
