// Tiny assertions that say what a person would have seen.
export class CheckError extends Error {}

export function check(condition, message) {
  if (!condition) throw new CheckError(message);
}

export function checkEqual(actual, expected, what) {
  if (actual !== expected) throw new CheckError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Waits until fn() returns a truthy value (or throws its last error) — for states a page reaches. */
export async function eventually(fn, { timeoutMs = 15_000, intervalMs = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = null;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw last ?? new CheckError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Splits simple CSV text (no quoted delimiters or newlines) into rows of fields. */
export function parseSimpleCsv(text, delimiter = ',') {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((line, i, all) => !(line === '' && i === all.length - 1))
    .map((line) => line.split(delimiter).map((field) => field.replace(/^"(.*)"$/, '$1').replace(/""/g, '"')));
}
