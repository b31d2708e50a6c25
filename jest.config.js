/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Non-type-checking transform: type errors are caught by `tsc --noEmit` in `npm test`.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // CI refuses to rewrite snapshots silently: `jest --ci` fails on a missing snapshot.
  ci: process.env.CI === "true",
  maxWorkers: process.env.CI === "true" ? 2 : "50%",
};
