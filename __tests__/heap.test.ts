import { HEAP_GROWING_PERCENT, tuneHeap } from "../cli/heap";

describe("the CLI's heap growth (cli/heap.ts)", () => {
  test("is set unless node's command line already sets it", () => {
    expect(HEAP_GROWING_PERCENT).toBe(30);
    expect(tuneHeap(["--heap-growing-percent=20"])).toBe(false);
    expect(tuneHeap(["--max-old-space-size=4096", "--heap_growing_percent=30"])).toBe(false);
    expect(tuneHeap(["--heap-growing-percent"])).toBe(false);
    expect(tuneHeap(["--heap-growing-percentage=1"])).toBe(true);
    expect(tuneHeap([])).toBe(true);
  });
});
