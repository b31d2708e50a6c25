import { Construct } from "constructs";
import { JitRole, Role, RoleSettings, RoleSettingsProps } from "../constructs";
import { BenchRole, BenchSettings, BenchTenant } from "./tenant";
import { addLibraryExtras } from "./extras";

/** The bench tenant written with the library's constructs: one JitRole per role (or role-scope). */
export function buildLibrary(scope: Construct, tenant: BenchTenant): void {
  for (const r of tenant.roles) {
    new JitRole(scope, r.id, {
      role: role(r),
      ...(r.kind === "entraGroup" ? { delivery: "group" as const } : {}),
      eligible: r.eligible.map((a) => ({ ...a.principal, ...(a.expires ? { expires: a.expires } : {}) })),
      settings: settings(r.settings, tenant),
    });
  }
  addLibraryExtras(scope);
}

function role(r: BenchRole): Role {
  switch (r.kind) {
    case "entraDirect":
    case "entraGroup":
      return Role.entra(r.name);
    case "pimGroup":
      return Role.pimGroup(r.name, "member", r.tier);
    case "azure":
      return Role.azure(r.name, r.scope as string);
  }
}

/** RoleSettings for a bench role; the same props give the same policy in both variants. */
export function settingsProps(s: BenchSettings, tenant: BenchTenant): RoleSettingsProps {
  return {
    activation: { approvers: tenant.approvers, ...(s.maximumDuration ? { maximumDuration: s.maximumDuration } : {}) },
    ...(s.extraRecipient ? { notifications: { all: { additionalRecipients: [s.extraRecipient] } } } : {}),
  };
}

function settings(s: BenchSettings, tenant: BenchTenant): RoleSettings {
  return RoleSettings.preset(s.preset, settingsProps(s, tenant));
}
