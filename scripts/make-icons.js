/**
 * Draws the add-in's ribbon and store icons (16, 32, 64 and 80 px PNGs in assets/) without an
 * image library: a Fluent-blue rounded tile holding a white three-row grid with a tick, encoded
 * with node:zlib. Run once after changing the drawing: `node scripts/make-icons.js`.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const BRAND = [15, 108, 189]; // Fluent 2 brand #0f6cbd
const WHITE = [255, 255, 255];
const SIZES = [16, 32, 64, 80];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA pixels (row-major) → PNG bytes. */
function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function drawIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const set = (x, y, [r, g, b], a = 255) => {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    const i = (y * size + x) * 4;
    pixels[i] = r;
    pixels[i + 1] = g;
    pixels[i + 2] = b;
    pixels[i + 3] = a;
  };
  const radius = Math.max(2, Math.round(size / 6));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = Math.max(radius - x, 0, x - (size - 1 - radius));
      const dy = Math.max(radius - y, 0, y - (size - 1 - radius));
      if (dx * dx + dy * dy <= radius * radius) set(x, y, BRAND);
    }
  }
  // Three grid lines on the left: the return's rows.
  const unit = size / 16;
  const line = Math.max(1, Math.round(unit));
  for (const row of [4, 7.5, 11]) {
    for (let y = Math.round(row * unit); y < Math.round(row * unit) + line; y++) {
      for (let x = Math.round(3 * unit); x < Math.round(9 * unit); x++) set(x, y, WHITE);
    }
  }
  // A tick on the right: the grid checked.
  const stroke = Math.max(1, Math.round(unit * 1.2));
  const tick = [
    [10, 8.5],
    [11.3, 10.5],
    [13.5, 5.5],
  ];
  for (let s = 0; s < tick.length - 1; s++) {
    const [x0, y0] = tick[s];
    const [x1, y1] = tick[s + 1];
    const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0) * unit * 2);
    for (let t = 0; t <= steps; t++) {
      const cx = (x0 + ((x1 - x0) * t) / steps) * unit;
      const cy = (y0 + ((y1 - y0) * t) / steps) * unit;
      for (let oy = 0; oy < stroke; oy++) for (let ox = 0; ox < stroke; ox++) set(Math.round(cx) + ox, Math.round(cy) + oy, WHITE);
    }
  }
  return encodePng(size, pixels);
}

function makeIcons(outDir = path.resolve(__dirname, '..', 'assets')) {
  fs.mkdirSync(outDir, { recursive: true });
  return SIZES.map((size) => {
    const file = path.join(outDir, `icon-${size}.png`);
    fs.writeFileSync(file, drawIcon(size));
    return file;
  });
}

module.exports = { makeIcons, encodePng };

if (require.main === module) {
  for (const file of makeIcons()) console.log(path.relative(process.cwd(), file));
}
