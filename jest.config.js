/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Non-type-checking transform: type errors are caught by `tsc --noEmit` in `npm test`.
  // (ts-jest transpiles each file alone because tsconfig has isolatedModules: true.)
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // CI refuses to rewrite snapshots silently: `jest --ci` fails on a missing snapshot.
  ci: process.env.CI === "true",
  maxWorkers: process.env.CI === "true" ? 2 : "50%",
};
