/** The message `f` throws, or "no error": for tests that pin refusals. */
export function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}
