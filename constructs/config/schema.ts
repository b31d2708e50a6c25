import { z } from "zod";
import { didYouMean } from "../catalog";
import { PRIVILEGED_ACCESS_RULES, RULE_ERROR_ID } from "../checks";
import { MIN_REASON_LENGTH } from "../checks/suppressions";
import { RoleEntry, roleEntrySchema, roleKey, roleOf } from "./role-schema";
import { AdminWorkstationConfig, BreakGlassConfig, accessReviewsSchema, activationMonitoringSchema, adminWorkstationSchema, breakGlassSchema, pimAlertsSchema } from "./policy-schema";
import { text } from "./zod-helpers";
import { PROVIDER_VERSIONS } from "../providers/versions";

/**
 * The tenant file: one reviewed YAML file that describes a tenant's privileged access. Keys are
 * the construct props' names (camelCase). Unknown keys are refused. `schema/tenant.schema.json`
 * is generated from this schema (`npm run gen:schema`), so editors validate and complete the file.
 */

/** Terraform version constraint: comma-separated `[op] X[.Y[.Z]][-pre]`, ops = != > >= < <= ~>. */
const VERSION_CONSTRAINT = /^\s*(?:=|!=|>=?|<=?|~>)?\s*v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?\s*(?:,\s*(?:=|!=|>=?|<=?|~>)?\s*v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?\s*)*$/;

const versionSchema = (name: string, example: string, pinned: string) =>
  z
    .string()
    .regex(VERSION_CONSTRAINT, { message: `must be a Terraform version constraint such as "${example}"` })
    .meta({ description: `Version constraint written to terraform.required_providers.${name}.version. Default: ${pinned}.`, examples: [example] });

const GUID_TEXT = (what: string) => text(`${what} (GUID). Default: from the environment (ARM_${what.includes("Subscription") ? "SUBSCRIPTION" : "TENANT"}_ID).`);

export const providersSchema = z
  .strictObject({
    azuread: z
      .strictObject({
        version: versionSchema("azuread", "3.9.0", `"${PROVIDER_VERSIONS.azuread}", the version the Terraform stage proves. Keep it at 3.9.0 or later for PIM for Groups: 3.9.0 fixes RoleAssignmentExists on schedule updates`).optional(),
        tenantId: GUID_TEXT("Tenant id").optional(),
      })
      .meta({ description: "The hashicorp/azuread provider (users, groups, directory roles, PIM for Groups, Conditional Access)." })
      .optional(),
    azurerm: z
      .strictObject({
        version: versionSchema("azurerm", "4.55.0", `"${PROVIDER_VERSIONS.azurerm}", the version the Terraform stage proves`).optional(),
        subscriptionId: GUID_TEXT("Subscription id").optional(),
        tenantId: GUID_TEXT("Tenant id").optional(),
      })
      .meta({ description: "The hashicorp/azurerm provider (Azure RBAC PIM, break-glass sign-in alert). Needs a subscription: subscriptionId or ARM_SUBSCRIPTION_ID." })
      .optional(),
    msgraph: z
      .strictObject({
        version: versionSchema("msgraph", "0.4.0", `"${PROVIDER_VERSIONS.msgraph}", the version the Terraform stage proves`).optional(),
        tenantId: GUID_TEXT("Tenant id").optional(),
      })
      .meta({ description: "Microsoft's microsoft/msgraph provider (directory role PIM settings, authentication context)." })
      .optional(),
    random: z
      .strictObject({ version: versionSchema("random", "3.7.2", `"${PROVIDER_VERSIONS.random}", the version the Terraform stage proves`).optional() })
      .meta({ description: "The hashicorp/random provider (break-glass initial passwords, kept in state only)." })
      .optional(),
  })
  .meta({
    description:
      "Provider settings. Credentials never go here: providers read them from the environment (ARM_CLIENT_ID, ARM_TENANT_ID, ARM_USE_OIDC in pipelines; the Azure CLI locally). A provider listed here is always configured, even if no resource uses it.",
  });

export const backendSchema = z
  .strictObject({
    resourceGroupName: text("Resource group of the storage account."),
    storageAccountName: text("Storage account holding the state."),
    containerName: text("Blob container holding the state."),
    key: text("State blob name, e.g. contoso/privileged-access.tfstate."),
    subscriptionId: text("Subscription of the storage account. Default: from the environment (ARM_SUBSCRIPTION_ID).").optional(),
    tenantId: text("Default: from the environment (ARM_TENANT_ID).").optional(),
    useAzureadAuth: z
      .boolean()
      .meta({ description: "Authenticate to the storage data plane with Entra ID (no storage account key; the identity needs Storage Blob Data Contributor on the container). Default: true." })
      .optional(),
  })
  .meta({
    description:
      "Remote state in an Azure storage account (Terraform azurerm backend). Credentials come from the environment (ARM_USE_OIDC, ARM_CLIENT_ID in pipelines). Default: local state (terraform.<stack>.tfstate).",
  });

/** Rule ids of PrivilegedAccessChecks (docs/checks.md), plus the finding a failing rule gives. */
const RULE_IDS: readonly string[] = [...PRIVILEGED_ACCESS_RULES.map((r) => r.id), RULE_ERROR_ID];

export const suppressionSchema = z
  .strictObject({
    id: z.enum(RULE_IDS).meta({ description: "The check's rule id, e.g. PAC-ELIGIBLE-EXPIRY." }),
    target: text(
      'What the suppression covers: a role key (entraRole name, "<azureRole> at <scope>", "<pimGroup> (member)", a custom role id), a break-glass UPN, "adminWorkstation", "breakGlassAlerting", "breakGlassSignInPolicy" or "tenant" (everything).',
    ),
    reason: text(`Why the finding is acceptable: recorded in the findings for reviewers. At least ${MIN_REASON_LENGTH} characters.`).min(MIN_REASON_LENGTH),
  })
  .meta({ description: "A check finding accepted on purpose, with the reason reviewers will read." });

/** Suppression targets that are not roles or accounts. */
export const FIXED_TARGETS = ["tenant", "adminWorkstation", "breakGlassAlerting", "breakGlassSignInPolicy", "pimAlerts", "accessReviews", "activationMonitoring"] as const;
export type FixedTarget = (typeof FIXED_TARGETS)[number];

const tenantShape = {
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: "must be letters, digits, - and _ (at most 64), starting with a letter or digit" })
    .meta({ description: 'The stack name: the output goes to cdktf.out/stacks/<name>. Default: "tenant".' })
    .optional(),
  providers: providersSchema.optional(),
  backend: backendSchema.optional(),
  breakGlass: breakGlassSchema.optional(),
  roles: z.array(roleEntrySchema).meta({ description: "The privileged roles made just-in-time." }).optional(),
  adminWorkstation: adminWorkstationSchema.optional(),
  pimAlerts: pimAlertsSchema.optional(),
  accessReviews: accessReviewsSchema.optional(),
  activationMonitoring: activationMonitoringSchema.optional(),
  suppressions: z.array(suppressionSchema).meta({ description: "Check findings accepted on purpose." }).optional(),
};

/** The tenant file, validated. */
export type TenantConfig = z.output<z.ZodObject<typeof tenantShape>>;
export type { RoleEntry, BreakGlassConfig, AdminWorkstationConfig };

/** The stack name used when the file gives none. */
export const DEFAULT_STACK_NAME = "tenant";

/**
 * Checks across sections: duplicate roles and accounts, authentication contexts no policy
 * defines, suppressions of targets that do not exist. Runs even when other parts of the file
 * have problems (so every problem is listed at once): it looks only at entries that parse.
 */
function crossCheck(config: TenantConfig, ctx: z.RefinementCtx): void {
  if (!isObject(config)) return;
  const roles: { key: string; index: number; entry: RoleEntry }[] = [];
  // By lower-case key: one lookup per entry, not a scan of the roles before it (issue 17).
  const firstRole = new Map<string, number>();
  (Array.isArray(config.roles) ? config.roles : []).forEach((entry, index) => {
    try {
      const key = roleKey(roleOf(entry));
      const first = firstRole.get(key.toLowerCase());
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["roles", index], message: `is ${key} again (already roles[${first}]); give each role once and list all its principals there` });
      } else {
        firstRole.set(key.toLowerCase(), index);
        roles.push({ key, index, entry });
      }
    } catch {
      // reported by the entry's own checks
    }
  });

  const upns: string[] = [];
  const firstUpn = new Map<string, number>();
  const accounts = Array.isArray(config.breakGlass?.accounts) ? config.breakGlass.accounts : [];
  accounts.forEach((account, index) => {
    const upn = typeof account?.userPrincipalName === "string" ? account.userPrincipalName : undefined;
    if (upn === undefined) return;
    const first = firstUpn.get(upn.toLowerCase()) ?? -1;
    if (first < 0) firstUpn.set(upn.toLowerCase(), upns.length);
    if (first >= 0) {
      ctx.addIssue({ code: "custom", path: ["breakGlass", "accounts", index, "userPrincipalName"], message: `"${upn}" is already breakGlass.accounts[${first}]; each account may appear once (case-insensitive)` });
    }
    upns.push(upn);
  });

  const awp = isObject(config.adminWorkstation) ? config.adminWorkstation : undefined;
  const context = awp?.authenticationContext;
  const contextClaim = awp === undefined || context === false ? undefined : (isObject(context) && context ? context.claimValue : undefined) ?? "c1";
  for (const { entry, index } of roles) {
    const claim = entry.settings?.activation?.authenticationContext;
    if (typeof claim !== "string" || claim === contextClaim) continue;
    ctx.addIssue({
      code: "custom",
      path: ["roles", index, "settings", "activation", "authenticationContext"],
      message:
        contextClaim === undefined
          ? `is "${claim}", but no adminWorkstation.authenticationContext defines it: activation would ask for a context no Conditional Access policy enforces. Add adminWorkstation (its authenticationContext defaults to c1)`
          : `is "${claim}", but adminWorkstation.authenticationContext.claimValue is "${contextClaim}": activation would ask for a context no Conditional Access policy enforces`,
    });
  }

  const bg = isObject(config.breakGlass) ? config.breakGlass : undefined;
  const present: Record<FixedTarget, boolean> = {
    tenant: true,
    adminWorkstation: awp !== undefined,
    breakGlassAlerting: bg?.alerting !== undefined,
    breakGlassSignInPolicy: bg?.requirePhishingResistantSignIn !== undefined && bg.requirePhishingResistantSignIn !== false,
    pimAlerts: config.pimAlerts !== undefined,
    accessReviews: config.accessReviews !== undefined,
    activationMonitoring: config.activationMonitoring !== undefined,
  };
  const fixed = FIXED_TARGETS.filter((t) => present[t]);
  const targets = [...fixed, ...roles.map((r) => r.key), ...upns];
  const lowerTargets = new Map(targets.map((t) => [t.toLowerCase(), t]));
  const seen = new Set<string>();
  (Array.isArray(config.suppressions) ? config.suppressions : []).forEach((s, index) => {
    if (typeof s?.target !== "string") return;
    if (!lowerTargets.has(s.target.toLowerCase())) {
      const hint = didYouMean(s.target, targets, 1);
      ctx.addIssue({
        code: "custom",
        path: ["suppressions", index, "target"],
        message: `${JSON.stringify(s.target)} is not a role key, break-glass UPN or ${fixed.join(", ")} of this file${hint ? `; ${hint}` : ""}`,
      });
    }
    const key = `${String(s.id).toLowerCase()} ${s.target.toLowerCase()}`;
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["suppressions", index], message: `suppresses ${s.id} on ${JSON.stringify(s.target)} twice` });
    seen.add(key);
  });
}

/** Runtime check (the refinement also runs on data that failed the schema); keeps the declared type. */
function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The zod schema of the tenant file. */
export const tenantSchema = z
  .strictObject(tenantShape)
  .meta({
    title: "Entra privileged access tenant file",
    description:
      "One reviewed YAML file describing a tenant's privileged access: break-glass accounts, just-in-time roles, the admin Conditional Access, check suppressions, providers and state backend. The entra-pim CLI (and main.ts) turns it into a CDK for Terraform stack.",
  })
  .superRefine(crossCheck, { when: () => true });
