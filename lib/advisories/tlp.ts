import type { TlpLabel } from "@/db/schema";

/**
 * TLP:CLEAR and TLP:GREEN may travel beyond their recipients (to anyone, or to the community). AMBER,
 * AMBER+STRICT and RED are limited disclosure: such content is confidential, so it never goes by email and
 * every read and export of it is an audit event (SPEC §5, "every read of confidential content").
 */
export const isLimitedDisclosure = (tlp: TlpLabel): boolean => tlp !== "CLEAR" && tlp !== "GREEN";
