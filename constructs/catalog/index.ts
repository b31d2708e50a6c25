/** Built-in Entra roles, Azure RBAC roles and authentication strengths: data plus lookup helpers. */
export * from "./entra-roles";
export * from "./azure-roles";
export * from "./authentication-strengths";
export { AZURE_REGIONS, regionName, regionProblem } from "./azure-regions";
export { closestMatches, didYouMean, levenshtein } from "./suggest";
