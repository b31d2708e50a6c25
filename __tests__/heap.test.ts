import { HEAP_GROWING_PERCENT, LARGE_TENANT_FILE_BYTES, tuneHeapFor } from "../cli/heap";

describe("the CLI's heap growth for large tenant files (cli/heap.ts)", () => {
  test("is set for a large file unless node's command line already sets it", () => {
    expect(HEAP_GROWING_PERCENT).toBe(30);
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES - 1, [])).toBe(false);
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES, ["--heap-growing-percent=20"])).toBe(false);
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES, ["--max-old-space-size=4096", "--heap_growing_percent=30"])).toBe(false);
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES, ["--heap-growing-percent"])).toBe(false);
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES, ["--heap-growing-percentage=1"])).toBe(true);
  });
});
