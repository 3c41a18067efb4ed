export * from "./organisations";
export * from "./users";
export * from "./products";
export * from "./conflicts";
export * from "./api-tokens";
export * from "./profiles";
export * from "./audit";
export * from "./disclosures";
