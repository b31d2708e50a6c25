import { Construct, IConstruct } from "constructs";
import { Annotations, AzurermBackend, TerraformStack } from "cdktf";
import { StreamingJsonSynthesizer } from "./streaming-synth";
import { ValidationError } from "../errors";
import { principal } from "../principals";
import { JitRole, JitRoleProps } from "../jit-role";
import { AssignmentInput } from "../assignments";
import { BreakGlassAccount } from "../break-glass-account";
import { AdminWorkstationPolicy, AdminWorkstationPolicyProps } from "../admin-workstation-policy";
import { AzureadProvider, AzurermProvider, MsgraphProvider, PROVIDER_VERSIONS, RandomProvider, constraintAdmits } from "../providers";
import { BreakGlassAlerting, BreakGlassSignInPolicy } from "../break-glass-account";
import { PimSecurityAlerts } from "../operations/pim-alerts";
import { ActivationMonitoring } from "../operations/activation-monitoring";
import { PrivilegedAccessReviews, PrivilegedAccessReviewsProps } from "../operations/access-reviews";
import { PrivilegedAccessChecks } from "../checks";
import { ConfigPath, ConfigProblem, TenantConfigError, problemFromValidationError } from "./errors";
import { validateTenantData } from "./loader";
import { RoleEntry, roleKey, roleOf, settingsOf } from "./role-schema";
import type { AuthenticationContextRef } from "../settings/model";
import { DEFAULT_STACK_NAME, TenantConfig } from "./schema";

/** A stack built from a tenant file: the constructs it made, by their stable keys. */
export class TenantStack extends TerraformStack {
  /** The validated tenant file. */
  public readonly config: TenantConfig;
  /** JitRoles by role key (`Global Administrator`, `Owner at /subscriptions/...`). */
  public readonly roles: ReadonlyMap<string, JitRole>;
  /** Break-glass accounts by user principal name (lower case). */
  public readonly breakGlassAccounts: ReadonlyMap<string, BreakGlassAccount>;
  /** The admin Conditional Access, when the file has `adminWorkstation:`. */
  public readonly adminWorkstation?: AdminWorkstationPolicy;
  /** Whether PrivilegedAccessChecks is applied (BuildTenantStackOptions.checks). */
  public readonly checked: boolean;

  /** @internal use {@link buildTenantStack} */
  constructor(scope: Construct, id: string, config: TenantConfig, problems: ConfigProblem[], checks = true) {
    super(scope, id);
    // cdk.tf.json is written resource by resource (streaming-synth.ts): same bytes, a fraction of the memory.
    this.synthesizer = new StreamingJsonSynthesizer(this.synthesizer, this, (defer) => (this.deferDocument = defer));
    this.config = config;
    const roles = new Map<string, JitRole>();
    const accounts = new Map<string, BreakGlassAccount>();
    const part = <T>(base: ConfigPath, fn: () => T, resolveKey?: (list: string, key: string) => number | undefined): T | undefined => {
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems.push(problemFromValidationError(error, base, resolveKey));
        return undefined;
      }
    };
    const valid = validParts(problems);

    if (valid(["providers"])) this.configureProviders(config);
    if (config.backend && valid(["backend"])) {
      const b = config.backend;
      new AzurermBackend(this, {
        resourceGroupName: b.resourceGroupName,
        storageAccountName: b.storageAccountName,
        containerName: b.containerName,
        key: b.key,
        ...(b.subscriptionId !== undefined ? { subscriptionId: b.subscriptionId } : {}),
        ...(b.tenantId !== undefined ? { tenantId: b.tenantId } : {}),
        useAzureadAuth: b.useAzureadAuth ?? true,
      });
    }

    const bg = config.breakGlass;
    if (bg) {
      const order = list(bg.accounts)
        .map((a, i) => ({ a, base: ["breakGlass", "accounts", i] }))
        .filter(({ base }) => valid(base))
        .sort((x, y) => cmp(x.a.userPrincipalName.toLowerCase(), y.a.userPrincipalName.toLowerCase()));
      for (const { a, base } of order) {
        const account = part(base, () => new BreakGlassAccount(this, a.userPrincipalName.toLowerCase() || "BreakGlass", a));
        if (account) accounts.set(account.userPrincipalName.toLowerCase(), account);
      }
      if (bg.alerting && valid(["breakGlass", "alerting"])) {
        const alerting = bg.alerting;
        part(["breakGlass"], () => BreakGlassAccount.configureAlerting(this, alerting), (list, key) =>
          list === "webhooks" ? alerting.webhooks?.findIndex((w) => w.name === key) : undefined,
        );
      }
      const signIn = bg.requirePhishingResistantSignIn;
      if (signIn !== undefined && signIn !== false && valid(["breakGlass", "requirePhishingResistantSignIn"])) {
        part(["breakGlass", "requirePhishingResistantSignIn"], () => BreakGlassAccount.requirePhishingResistantSignIn(this, signIn === true ? {} : signIn));
      }
    }

    if (config.adminWorkstation && valid(["adminWorkstation"])) {
      const awp = config.adminWorkstation;
      this.adminWorkstation = part(["adminWorkstation"], () => new AdminWorkstationPolicy(this, "AdminWorkstation", awp as AdminWorkstationPolicyProps));
    }

    if (config.activationMonitoring && valid(["activationMonitoring"])) {
      const monitoring = config.activationMonitoring;
      part(["activationMonitoring"], () => ActivationMonitoring.configure(this, monitoring));
    }

    if (config.accessReviews && valid(["accessReviews"])) {
      const reviews = config.accessReviews;
      part(["accessReviews"], () => PrivilegedAccessReviews.configure(this, reviews as PrivilegedAccessReviewsProps));
    }

    if (config.pimAlerts && valid(["pimAlerts"])) {
      const alerts = config.pimAlerts;
      part(["pimAlerts"], () => PimSecurityAlerts.configure(this, alerts));
    }

    const entries = list(config.roles).map((entry, index) => ({ entry, index }));
    const keyed = entries
      .filter(({ index }) => valid(["roles", index]))
      .map(({ entry, index }) => ({ entry, index, role: roleOf(entry) }))
      .sort((x, y) => cmp(roleKey(x.role), roleKey(y.role)));
    for (const { entry, index, role } of keyed) {
      const key = roleKey(role);
      const jit = part(["roles", index], () => new JitRole(this, roleConstructId(key), jitProps(entry, role, this.adminWorkstation?.authenticationContext)), (list, principalKey) => indexOfPrincipal(entry, list, principalKey));
      if (jit) roles.set(key, jit);
    }

    this.roles = roles;
    this.breakGlassAccounts = accounts;
    if (problems.length === 0) {
      this.applyProviderVersions(config);
      this.adviseProviderVersions(config);
      list(config.suppressions).forEach((s, i) => {
        const target = this.suppressionTarget(s.target);
        if (!target) return; // refused by the schema
        part(["suppressions", i], () => PrivilegedAccessChecks.suppress(target, [{ id: s.id, reason: s.reason }]));
      });
      if (checks) PrivilegedAccessChecks.applyTo(this);
    }
    this.checked = checks && problems.length === 0;
  }

  /** The construct a suppression's `target` names (case-insensitive), or undefined. */
  public suppressionTarget(target: string): IConstruct | undefined {
    const t = target.toLowerCase();
    const fixed: Record<string, () => IConstruct | undefined> = {
      tenant: () => this,
      adminworkstation: () => this.adminWorkstation,
      breakglassalerting: () => BreakGlassAlerting.of(this),
      breakglasssigninpolicy: () => BreakGlassSignInPolicy.of(this),
      pimalerts: () => PimSecurityAlerts.of(this),
      accessreviews: () => PrivilegedAccessReviews.of(this),
      activationmonitoring: () => ActivationMonitoring.of(this),
    };
    if (fixed[t]) return fixed[t]();
    this.rolesByLowerKey ??= new Map([...this.roles].reverse().map(([key, jit]) => [key.toLowerCase(), jit]));
    return this.rolesByLowerKey.get(t) ?? this.breakGlassAccounts.get(t);
  }

  /** While the streaming synthesizer runs cdktf's: the document cdktf would build is written by the streaming one. */
  private deferDocument = false;

  /**
   * cdktf's preparing run resolves every element once more before synthesis, only so that a
   * reference to another stack's resource can add the cross-stack output and remote state it needs
   * (cdktf lib/tfExpression.js Reference.resolve, the one reader of `context.preparing`). A tenant
   * stack alone in its App has no other stack to refer to, so the run is skipped there; it was a
   * quarter of synth at 4,000 role-scopes (issue 17). With other stacks in the App, it runs as usual.
   */
  public override prepareStack(): void {
    const app = this.node.scope;
    const alone = app !== undefined && app.node.children.filter((c) => TerraformStack.isStack(c)).length === 1;
    if (alone) this.ensureBackendExists();
    else super.prepareStack();
  }

  public override toTerraform(): Record<string, unknown> {
    return this.deferDocument ? {} : (super.toTerraform() as Record<string, unknown>);
  }

  /** `roles` by lower-case key, built on the first suppression (one lookup per suppression, not a scan of the roles). */
  private rolesByLowerKey?: Map<string, JitRole>;

  private configureProviders(config: TenantConfig): void {
    const p = config.providers ?? {};
    // Created before any construct: ensureAzuread/ensureAzurerm/ensureMsgraph reuse a provider
    // already in the stack, so these settings apply to every resource.
    if (p.azuread) new AzureadProvider(this, "azuread", { ...(p.azuread.tenantId ? { tenantId: p.azuread.tenantId } : {}) });
    if (p.azurerm) {
      new AzurermProvider(this, "azurerm", {
        features: [{}],
        ...(p.azurerm.subscriptionId ? { subscriptionId: p.azurerm.subscriptionId } : {}),
        ...(p.azurerm.tenantId ? { tenantId: p.azurerm.tenantId } : {}),
      });
    }
    if (p.msgraph) new MsgraphProvider(this, "msgraph", { ...(p.msgraph.tenantId ? { tenantId: p.msgraph.tenantId } : {}) });
    if (p.random) new RandomProvider(this, "random", {});
  }

  /** `providers.<name>.version` raises (or pins) the constraint the bindings write. */
  private applyProviderVersions(config: TenantConfig): void {
    const p = config.providers ?? {};
    for (const name of ["azuread", "azurerm", "msgraph", "random"] as const) {
      const version = p[name]?.version;
      if (version !== undefined) this.addOverride(`terraform.required_providers.${name}.version`, version.trim());
    }
  }

  /** azuread < 3.9.0 re-sends AdminAssign when a PIM for Groups schedule changes (RoleAssignmentExists; DESIGN.md). */
  private adviseProviderVersions(config: TenantConfig): void {
    const constraint = config.providers?.azuread?.version;
    if (constraint === undefined) return;
    const admitsOld = ["3.7.0", "3.8.0"].some((v) => constraintAdmits(constraint, v) !== false);
    if (!admitsOld) return;
    const groupRoles = [...this.roles.entries()].filter(([, jit]) => jit.shape === "entraGroup" || jit.shape === "pimGroup").map(([key]) => key);
    if (groupRoles.length === 0) return;
    Annotations.of(this).addWarning(
      `PIM for Groups (${groupRoles.join(", ")}) with providers.azuread.version "${constraint}", which admits azuread before 3.9.0: changing an eligibility or assignment schedule fails with RoleAssignmentExists there (fixed in azuread 3.9.0). Require ">= 3.9.0", or drop the version to use the proven ${PROVIDER_VERSIONS.azuread}.`,
    );
  }
}

function jitProps(entry: RoleEntry, role: ReturnType<typeof roleOf>, context?: AuthenticationContextRef): JitRoleProps {
  // Principals were checked by the schema (exactly one of user, group, servicePrincipal).
  const assignments = (items: RoleEntry["eligible"]) => items as readonly AssignmentInput[];
  return {
    role,
    settings: settingsOf(entry, role, context),
    ...(entry.delivery !== undefined ? { delivery: entry.delivery } : {}),
    ...(entry.groupName !== undefined ? { groupName: entry.groupName } : {}),
    ...(entry.administrativeUnit !== undefined ? { administrativeUnit: entry.administrativeUnit } : {}),
    ...(entry.eligible !== undefined ? { eligible: assignments(entry.eligible) } : {}),
    ...(entry.active !== undefined ? { active: assignments(entry.active) } : {}),
    ...(entry.justification !== undefined ? { justification: entry.justification } : {}),
  };
}

/** The index in `entry[list]` of the principal with `key` (`user:alice@contoso.com`), for error paths. */
function indexOfPrincipal(entry: RoleEntry, list: string, key: string): number | undefined {
  const items = list === "eligible" ? entry.eligible : list === "active" ? entry.active : undefined;
  const i = (items ?? []).findIndex((item) => {
    try {
      return principal(item, list).key.toLowerCase() === key.toLowerCase();
    } catch {
      return false;
    }
  });
  return i >= 0 ? i : undefined;
}

/** The value if it is a list, else [] (a part of the file with schema problems is skipped, not crashed on). */
function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Whether a part of the file (a path) is free of the problems found so far: no problem inside it
 * and none at a path that contains it. Indexed once by path prefix, so checking every role is
 * linear in the roles and the problems, not their product (issue 17).
 */
function validParts(problems: readonly ConfigProblem[]): (path: ConfigPath) => boolean {
  const key = (path: ConfigPath, length: number) => JSON.stringify(path.slice(0, length));
  const at = new Set<string>(); // problem paths
  const under = new Set<string>(); // every prefix of a problem path
  for (const p of problems) {
    at.add(key(p.path, p.path.length));
    for (let n = 0; n <= p.path.length; n++) under.add(key(p.path, n));
  }
  return (path) => {
    if (under.has(key(path, path.length))) return false;
    for (let n = 0; n <= path.length; n++) if (at.has(key(path, n))) return false;
    return true;
  };
}

/**
 * The JitRole's construct id: the role key, which names its Terraform addresses. Terraform names
 * start with a letter, so a key that does not (a PIM group given by object id) gets a prefix
 * (providers/ensure.ts, invalidNames).
 */
function roleConstructId(key: string): string {
  return /^[A-Za-z_]/.test(key) ? key : `PIM group ${key}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Per stack: role construct id -> index in `roles`, lower-case UPN -> index in `breakGlass.accounts`; built once. */
const FILE_INDEX = new WeakMap<TenantStack, { roles: Map<string, number>; accounts: Map<string, number> }>();

function fileIndex(stack: TenantStack): { roles: Map<string, number>; accounts: Map<string, number> } {
  let index = FILE_INDEX.get(stack);
  if (!index) {
    const roles = new Map<string, number>();
    (stack.config.roles ?? []).forEach((entry, i) => {
      try {
        // constructs writes "/" in an id as "--" (Azure scopes have slashes).
        const id = roleConstructId(roleKey(roleOf(entry))).replace(/\//g, "--");
        if (!roles.has(id)) roles.set(id, i);
      } catch {
        // An entry that names no role has no construct.
      }
    });
    const accounts = new Map<string, number>();
    (stack.config.breakGlass?.accounts ?? []).forEach((a, i) => {
      const upn = typeof a?.userPrincipalName === "string" ? a.userPrincipalName.toLowerCase() : undefined;
      if (upn !== undefined && !accounts.has(upn)) accounts.set(upn, i);
    });
    index = { roles, accounts };
    FILE_INDEX.set(stack, index);
  }
  return index;
}

/**
 * Where a construct belongs in the file: the role, account or policy it is in (empty for the
 * whole file). Linear in the file once per stack, then constant per construct.
 */
export function configPathOf(stack: TenantStack, node: IConstruct): ConfigPath {
  const index = fileIndex(stack);
  for (const scope of node.node.scopes) {
    if (scope === stack.adminWorkstation) return ["adminWorkstation"];
    if (JitRole.isJitRole(scope)) {
      const i = index.roles.get(scope.node.id);
      if (i !== undefined) return ["roles", i];
    }
    if (BreakGlassAccount.isBreakGlassAccount(scope)) {
      const i = index.accounts.get(scope.userPrincipalName.toLowerCase());
      if (i !== undefined) return ["breakGlass", "accounts", i];
    }
  }
  return [];
}

/**
 * Runs every construct's tree validation (`node.addValidation`) once and returns the failures
 * as problems at the file path of the construct they belong to.
 */
export function validateTenantStack(stack: TenantStack): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c]));
  // The checks' own stack validation repeats their error findings ("<rule> at <path>: ..."); they
  // are reported below, once, with the suppression that would accept them.
  const checksMessage = (node: IConstruct, message: string) => stack.checked && node === stack && /^PAC-[A-Z0-9-]+ at /.test(message);
  for (const node of stack.node.findAll()) {
    for (const message of node.node.validate()) {
      if (checksMessage(node, message)) continue;
      const path = configPathOf(stack, node);
      // Drop the construct-path context the message starts with ("AdminWorkstationPolicy tenant/AdminWorkstation: ").
      const at = message.indexOf(`${node.node.path}: `);
      problems.push({ path, message: at >= 0 ? message.slice(at + node.node.path.length + 2) : message });
    }
  }
  // Error findings of the checks: refused here, before synthesis writes anything.
  if (stack.checked) {
    for (const f of PrivilegedAccessChecks.findingsOf(stack)) {
      if (f.level !== "error" || f.suppressed) continue;
      const node = byPath.get(f.path);
      const path = node ? configPathOf(stack, node) : [];
      problems.push({
        path,
        message: `${f.rule}: ${f.detail} (${f.baseline}). To accept it, add to suppressions: { id: ${f.rule}, target: ${JSON.stringify(targetOf(stack, path))}, reason: "<why>" }`,
      });
    }
  }
  return problems;
}

/** The suppression target that covers a file path: the role key, the UPN, the policy or the tenant. */
function targetOf(stack: TenantStack, path: ConfigPath): string {
  if (path[0] === "roles" && typeof path[1] === "number") {
    const entry = stack.config.roles?.[path[1]];
    if (entry) return roleKey(roleOf(entry));
  }
  if (path[0] === "breakGlass" && path[1] === "accounts" && typeof path[2] === "number") {
    const account = stack.config.breakGlass?.accounts[path[2]];
    if (account) return account.userPrincipalName;
  }
  if (path[0] === "adminWorkstation") return "adminWorkstation";
  return "tenant";
}

export interface BuildTenantStackOptions {
  /** The stack id (its directory under `cdktf.out/stacks/`). @default - the file's `name`, else "tenant" */
  readonly id?: string;
  /**
   * Apply PrivilegedAccessChecks (with the file's suppressions). Unsuppressed error findings are
   * problems of the file; the findings files are written when the stack synthesizes.
   * @default true
   */
  readonly checks?: boolean;
  /**
   * Run the constructs' tree validations now and report failures as problems of the file.
   * `main.ts` then synthesizes with `skipValidation`, so they run once.
   * @default true
   */
  readonly validate?: boolean;
}

/**
 * Builds the stack a tenant file describes, under `scope` (an App). `input` is the parsed YAML
 * (or a TenantConfig written in code): it is validated first. Throws a TenantConfigError listing
 * every problem, from the schema, the constructs' props checks and their tree validations.
 */
export function buildTenantStack(scope: Construct, input: unknown, options: BuildTenantStackOptions = {}): TenantStack {
  const { config, problems } = validateTenantData(input);
  const found = [...problems];
  // With schema problems, still build the parts that passed, so their construct errors are
  // listed too; the (partial) stack is then discarded.
  const usable = (config ?? (typeof input === "object" && input !== null ? input : {})) as TenantConfig;
  const id = options.id ?? (config?.name ?? DEFAULT_STACK_NAME);
  const stack = new TenantStack(scope, id, usable, found, options.checks ?? true);
  if (found.length === 0 && options.validate !== false) found.push(...validateTenantStack(stack));
  if (found.length > 0) throw new TenantConfigError(found);
  return stack;
}
