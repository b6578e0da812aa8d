// The dashboard's icon, made here rather than shipped as a binary file: a 32x32 ICO (one 32-bit
// bitmap) of a globe with its meridian, in the header's colours. Browsers ask for /favicon.ico on
// every page; without it each page load logged a 404.

const SIZE = 32;

/** The colour of pixel (x, y), as [blue, green, red, alpha], y counted from the top. */
function pixel(x: number, y: number): [number, number, number, number] {
  const cx = x + 0.5 - SIZE / 2;
  const cy = y + 0.5 - SIZE / 2;
  const r = Math.hypot(cx, cy);
  if (r > 15) return [0, 0, 0, 0];
  if (r > 13.2) return [0x2f, 0x29, 0x24, 0xff]; // rim, #24292f
  // The meridian (an ellipse through the poles) and the equator, in the focus orange #fb8500.
  const onMeridian = Math.abs(Math.hypot(cx / 5.5, cy / 13.2) - 1) < 0.12;
  if (onMeridian || Math.abs(cy) < 1) return [0x00, 0x85, 0xfb, 0xff];
  return [0xda, 0x69, 0x09, 0xff]; // the link blue #0969da
}

function build(): Buffer {
  const xor = Buffer.alloc(SIZE * SIZE * 4);
  // BMP rows run bottom to top.
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, SIZE - 1 - y)).copy(xor, (y * SIZE + x) * 4);
  const and = Buffer.alloc((SIZE / 8) * SIZE); // all zero: the alpha channel decides
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(SIZE, 4);
  info.writeInt32LE(SIZE * 2, 8); // an ICO bitmap counts the AND mask in its height
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  info.writeUInt32LE(xor.length + and.length, 20);
  const image = Buffer.concat([info, xor, and]);
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(SIZE, 6);
  header.writeUInt8(SIZE, 7);
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, image]);
}

let icon: Buffer | undefined;

/** The ICO bytes (made once, on first request). */
export function faviconIco(): Buffer {
  return (icon ??= build());
}
