// `node scripts/make-icons.mjs`: draws the portal's mark (an envelope with a check, in the brand
// blue) into public/: icon.svg, favicon.ico (16, 32 and 48 px) and apple-touch-icon.png (180 px).
// One list of shapes feeds both the SVG and the pixels, so they cannot drift apart; the pixels are
// rendered here (signed distances, 4×4 samples a pixel) because nothing may be downloaded.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { root } from "./lib.mjs";

const BRAND = "#0f6cbd";
const WHITE = "#ffffff";

/** The mark on a 64-unit square. Strokes are polylines with round caps and joins. */
const SHAPES = [
  { kind: "rect", x: 0, y: 0, w: 64, h: 64, r: 14, fill: BRAND },
  { kind: "rect", x: 9, y: 15, w: 40, h: 29, r: 4, fill: WHITE },
  {
    kind: "stroke",
    points: [
      [12, 19],
      [29, 32],
      [46, 19],
    ],
    width: 3,
    color: BRAND,
  },
  { kind: "circle", cx: 46, cy: 44, r: 13, fill: BRAND },
  { kind: "circle", cx: 46, cy: 44, r: 10.5, fill: WHITE },
  {
    kind: "stroke",
    points: [
      [40.5, 44.5],
      [44.5, 48.5],
      [51.5, 40.5],
    ],
    width: 3.5,
    color: BRAND,
  },
];

function svg() {
  const body = SHAPES.map((s) => {
    if (s.kind === "rect")
      return `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${s.fill}"/>`;
    if (s.kind === "circle") return `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}" fill="${s.fill}"/>`;
    const d = s.points.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join("");
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width}" stroke-linecap="round" stroke-linejoin="round"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">\n  ${body.join("\n  ")}\n</svg>\n`;
}

/** Signed distance from (x, y) to each shape's edge: negative inside. */
function distance(s, x, y) {
  if (s.kind === "circle") return Math.hypot(x - s.cx, y - s.cy) - s.r;
  if (s.kind === "rect") {
    const qx = Math.abs(x - (s.x + s.w / 2)) - s.w / 2 + s.r;
    const qy = Math.abs(y - (s.y + s.h / 2)) - s.h / 2 + s.r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - s.r;
  }
  let best = Infinity;
  for (let i = 1; i < s.points.length; i++) {
    const [ax, ay] = s.points[i - 1];
    const [bx, by] = s.points[i];
    const t = Math.max(
      0,
      Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    );
    best = Math.min(best, Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))));
  }
  return best - s.width / 2;
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** RGBA pixels of the mark at size × size, each shape painted over the ones before it. */
function render(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const N = 4;
  const scale = 64 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const s of SHAPES) {
        let inside = 0;
        for (let sy = 0; sy < N; sy++)
          for (let sx = 0; sx < N; sx++)
            if (distance(s, (px + (sx + 0.5) / N) * scale, (py + (sy + 0.5) / N) * scale) <= 0) inside++;
        const cover = inside / (N * N);
        if (cover === 0) continue;
        const [cr, cg, cb] = rgb(s.fill ?? s.color);
        const outA = cover + a * (1 - cover);
        [r, g, b] = [cr, cg, cb].map((c, i) => (c * cover + [r, g, b][i] * a * (1 - cover)) / outA);
        a = outA;
      }
      pixels.set([r, g, b, a * 255].map(Math.round), (py * size + px) * 4);
    }
  }
  return pixels;
}

function png(size) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const pixels = render(size);
  const rows = Buffer.concat(
    Array.from({ length: size }, (_, y) =>
      Buffer.concat([Buffer.from([0]), pixels.subarray(y * size * 4, (y + 1) * size * 4)]),
    ),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** An .ico holding PNG images (every browser since 2012 reads them). */
function ico(sizes) {
  const images = sizes.map(png);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size % 256, entry);
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(images[i].length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, ...images]);
}

const out = (name, data) => {
  fs.writeFileSync(path.join(root, "public", name), data);
  console.log(`public/${name}: ${data.length} bytes`);
};
fs.mkdirSync(path.join(root, "public"), { recursive: true });
out("icon.svg", svg());
out("favicon.ico", ico([16, 32, 48]));
out("apple-touch-icon.png", png(180));
