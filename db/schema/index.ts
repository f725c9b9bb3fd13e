export * from "./tenant";
export * from "./environment";
export * from "./mail";
export * from "./audit";
export * from "./sign-in";
export * from "./approval-snapshots";
export * from "./notifications";
export * from "./access-reviews";
