import { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { MsgraphProvider } from "./msgraph";
import { stackSingleton } from "../stack-singletons";

/**
 * Every resource needs its provider in the stack. A construct calls `ensure*` and gets the
 * provider the user configured, or a default one (credentials from the environment: OIDC in
 * pipelines, Azure CLI locally). Providers created by the user anywhere in the stack win.
 */
function existing<T>(stack: TerraformStack, type: abstract new (...args: never[]) => T): T | undefined {
  return stack.node.findAll().find((c): c is IConstruct & T => c instanceof type) as T | undefined;
}

/**
 * Terraform >= 1.7: break-glass decommissioning writes `removed` blocks with
 * `lifecycle { destroy = false }`, which older versions reject.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.7.0";

function ensureTerraformVersion(scope: IConstruct): void {
  stackSingleton(scope, "terraform:required_version", (stack) => stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION));
}

export function ensureAzuread(scope: IConstruct): void {
  ensureTerraformVersion(scope);
  stackSingleton(scope, "provider:azuread", (stack) => existing(stack, AzureadProvider) ?? new AzureadProvider(stack, "azuread", {}));
}

export function ensureAzurerm(scope: IConstruct): void {
  ensureTerraformVersion(scope);
  stackSingleton(scope, "provider:azurerm", (stack) => {
    // The prebuilt binding writes source "azurerm"; pin the full address so it reads unambiguously.
    stack.addOverride("terraform.required_providers.azurerm.source", "hashicorp/azurerm");
    return existing(stack, AzurermProvider) ?? new AzurermProvider(stack, "azurerm", { features: [{}] });
  });
}

export function ensureMsgraph(scope: IConstruct): void {
  ensureTerraformVersion(scope);
  stackSingleton(scope, "provider:msgraph", (stack) => existing(stack, MsgraphProvider) ?? new MsgraphProvider(stack, "msgraph", {}));
}

export function ensureRandom(scope: IConstruct): void {
  stackSingleton(scope, "provider:random", (stack) => existing(stack, RandomProvider) ?? new RandomProvider(stack, "random", {}));
}
