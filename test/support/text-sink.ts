/** A stand-in for the loader's stdout or stderr that keeps what was written, for a test to read. */
export function textSink() {
  const s = { text: '', isTTY: false, write: (t: string) => (s.text += t) };
  return s;
}
