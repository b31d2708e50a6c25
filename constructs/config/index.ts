/** The tenant file: YAML -> validated config -> stack. */
export type { ConfigPath, ConfigProblem } from "./errors";
export { TenantConfigError, formatPath, formatProblem } from "./errors";
export type { Locate, TenantSource, ValidationResult } from "./loader";
export { loadTenantConfig, parseTenantYaml, readTenantFile, readTenantSource, validateTenantData } from "./loader";
export type { TenantConfig, RoleEntry, BreakGlassConfig, AdminWorkstationConfig } from "./schema";
export { DEFAULT_STACK_NAME, FIXED_TARGETS, tenantSchema } from "./schema";
export { roleKey } from "./role-schema";
export type { BuildTenantStackOptions } from "./stack";
export { TenantStack, buildTenantStack, configPathOf, validateTenantStack } from "./stack";
export { tenantJsonSchema, tenantJsonSchemaText } from "./json-schema";
