// Types for the parts of @secvisogram/csaf-validator-lib the CSAF export test uses (the package ships none).
declare module "@secvisogram/csaf-validator-lib/validateStrict.js" {
  export interface CsafTestResult {
    name: string;
    isValid: boolean;
    errors: { instancePath: string; message?: string }[];
    warnings: { instancePath: string; message?: string }[];
    infos: unknown[];
  }
  export type CsafDocumentTest = (doc: unknown) => unknown;
  export default function validateStrict(tests: CsafDocumentTest[], doc: unknown): Promise<{ isValid: boolean; tests: CsafTestResult[] }>;
}

// The strict CSAF 2.0 schema test and every mandatory test (6.1.x), as named exports.
declare module "@secvisogram/csaf-validator-lib/basic.js" {
  import type { CsafDocumentTest } from "@secvisogram/csaf-validator-lib/validateStrict.js";
  const tests: Record<string, CsafDocumentTest>;
  export = tests;
}
