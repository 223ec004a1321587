/**
 * One buffer that text is encoded into as UTF-8 before it is written (a file's append, an HTTP
 * reply's body): every use is synchronous, so no two overlap. Buffer.from and Buffer.byteLength each
 * walk the text to measure its UTF-8 length, a pass as slow as the encoding itself for Arabic text;
 * encoding into room already there is the one pass.
 */
const scratch = Buffer.allocUnsafe(64 * 1024);
/** The longest UTF-8 sequence of one character: with less room than this left, the text may not all have fit. */
const MAX_CHARACTER_BYTES = 4;

/**
 * Encodes `text`, hands its bytes to `use` and returns what `use` returns. The bytes are the start of
 * the shared buffer when the text fits there with room to spare, else a buffer of their own; `use`
 * must not keep the shared one. The shared buffer is wiped after `use`: what people typed is not left
 * behind in it.
 */
export function withUtf8<T>(text: string, use: (bytes: Buffer, length: number) => T): T {
  const length = scratch.write(text, 0, 'utf8');
  try {
    if (scratch.length - length >= MAX_CHARACTER_BYTES) return use(scratch, length);
    const own = Buffer.from(text, 'utf8');
    return use(own, own.length);
  } finally {
    scratch.fill(0, 0, length);
  }
}

/**
 * `text` as UTF-8 in a buffer of its own, exactly as long as its bytes, made with one encoding pass
 * (where Buffer.from makes two): for a body handed to a socket, which keeps it until it is written.
 */
export function utf8Bytes(text: string): Buffer {
  return withUtf8(text, ownCopy);
}

function ownCopy(bytes: Buffer, length: number): Buffer {
  if (bytes !== scratch) return bytes;
  const own = Buffer.allocUnsafe(length);
  bytes.copy(own, 0, 0, length);
  return own;
}
