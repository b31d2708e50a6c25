import { ESLint } from "eslint";

// The lint rule that keeps provider imports on deep paths (the package roots load 1,500+
// modules: ~2 s and 400 MB) and inside constructs/providers/.
describe("provider import rules", () => {
  // jest cannot import() the config file itself; load it and pass it in.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require("../eslint.config.cjs");
  const eslint = new ESLint({ cwd: `${__dirname}/..`, overrideConfigFile: true, overrideConfig: config });
  const lint = async (code: string, file: string) => {
    const [result] = await eslint.lintText(code, { filePath: file });
    return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
  };

  test("refuses a provider package root import", async () => {
    expect(await lint('import { Group } from "@cdktf/provider-azuread";\nexport { Group };\n', "constructs/providers/x.ts")).toEqual([
      expect.stringContaining("deep path"),
    ]);
    expect(await lint('import { provider } from "@cdktf/provider-azurerm/lib";\nexport { provider };\n', "constructs/providers/x.ts")).toHaveLength(1);
  });

  test("allows a deep path inside constructs/providers", async () => {
    expect(await lint('import { Group } from "@cdktf/provider-azuread/lib/group";\nexport { Group };\n', "constructs/providers/x.ts")).toEqual([]);
  });

  test("refuses provider imports outside constructs/providers", async () => {
    expect(await lint('import { Group } from "@cdktf/provider-azuread/lib/group";\nexport { Group };\n', "constructs/jit-role-x.ts")).toEqual([
      expect.stringContaining("constructs/providers"),
    ]);
  });
});
