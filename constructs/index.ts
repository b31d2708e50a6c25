/** Microsoft Entra privileged access as code: the public API. */
export * from "./errors";
export * from "./principals";
export * from "./catalog";
export * from "./settings";
export * from "./assignments";
export * from "./role";
export * from "./jit-role";
export * from "./break-glass-registry";
export { PrincipalDirectory } from "./principal-directory";
export * from "./conditional-access-state";
export * from "./break-glass-account";
export * from "./admin-workstation-policy";
export * from "./report";
export * from "./checks";
export * from "./config";
