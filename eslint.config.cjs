const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "constructs/providers/msgraph-generated/**", "cdktf.out/**", ".scratch/**", "bench/results/**", "coverage/**", "**/*.js", "**/*.mjs", "**/*.cjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Provider packages load 1,500+ modules from their root (~2 s, 400 MB): deep paths only,
      // e.g. "@cdktf/provider-azuread/lib/group".
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@cdktf/provider-[^/]+$", message: "Import provider bindings by deep path (lib/<resource>)." },
            { regex: "^@cdktf/provider-[^/]+/lib/?(index)?$", message: "Import provider bindings by deep path (lib/<resource>)." },
          ],
        },
      ],
    },
  },
  {
    // Only constructs/providers may import provider bindings at all.
    files: ["constructs/**/*.ts"],
    ignores: ["constructs/providers/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^@cdktf/provider-", message: "Provider bindings are imported only in constructs/providers/." }] },
      ],
    },
  },
);
