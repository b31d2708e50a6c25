import * as v8 from "v8";
import { HEAP_GROWING_PERCENT, LARGE_TENANT_FILE_BYTES, tuneHeapFor } from "../cli/heap";

// The flag is not really set: this jest worker keeps V8's default.
jest.mock("v8", () => ({ ...jest.requireActual("v8"), setFlagsFromString: jest.fn() }));

describe("the CLI's heap growth for large tenant files (cli/heap.ts)", () => {
  test("is set for a large file unless node's command line already sets it", () => {
    const set = v8.setFlagsFromString as jest.Mock;
    expect(HEAP_GROWING_PERCENT).toBe(30);
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES - 1, [])).toBe(false);
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES, ["--heap-growing-percent=20"])).toBe(false);
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES, ["--max-old-space-size=4096", "--heap_growing_percent=30"])).toBe(false);
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES, ["--heap-growing-percent"])).toBe(false);
    expect(set).not.toHaveBeenCalled();
    expect(tuneHeapFor(LARGE_TENANT_FILE_BYTES, ["--heap-growing-percentage=1"])).toBe(true);
    expect(set.mock.calls).toEqual([["--heap-growing-percent=30"]]);
  });
});
