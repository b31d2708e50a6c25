export * from "./durations";
export * from "./model";
export * from "./role-settings";
export * from "./graph";
export * from "./provider-policy";
