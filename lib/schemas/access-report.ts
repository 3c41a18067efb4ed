import "./jitless";
import { z } from "zod";
import { ANOMALY_MAX_DAYS, boundedRange, reportRangeShape, type RangeLimits } from "./anomaly-query";
import { blankIsAbsent, unknownField } from "./audit-search";

// The auditors' access report: who in government accessed which company's data over a time range.

/** Rows shown at most; a larger report says it was cut (narrow it to a company or a shorter range). */
export const ACCESS_REPORT_MAX_ROWS = 500;

// The last 30 days unless given; at most the anomaly report's 31 days, whose message it shares.
const range: RangeLimits = { defaultDays: 30, maxDays: ANOMALY_MAX_DAYS, tooLong: "anomalies.rangeTooLong" };

export const accessReportQuerySchema = z
  .strictObject(
    {
      organisation: z.preprocess(blankIsAbsent, z.uuid({ error: "validation.uuid" }).optional()).meta({ description: "One company's id; every company when absent." }),
      ...reportRangeShape(range),
    },
    unknownField,
  )
  .transform((value, ctx) => ({ organisation: value.organisation, ...boundedRange(value, ctx, range) }))
  .meta({ id: "AccessReportQuery", description: "The company (optional) and time range of the access report." });

/** One official's accesses to one company's data within the range. */
export interface AccessReportRow {
  companyId: string;
  companyEn: string;
  companyJa: string;
  actorUserId: string | null;
  actorEmail: string | null;
  agencyEn: string | null;
  agencyJa: string | null;
  role: string | null;
  /** Reads of confidential content (disclosures, profiles, drill-downs). */
  reads: number;
  /** Review decisions and comments. */
  reviews: number;
  /** Attempts refused. */
  denials: number;
  /** Accesses outside assignment, with a justification. */
  breakGlass: number;
  /** Every recorded access, the above and any other. */
  total: number;
  first: string;
  last: string;
  /** The auditor console's search for these accesses (a relative URL). */
  eventsLink: string;
}

export interface AccessReport {
  organisation: string | undefined;
  from: string;
  to: string;
  rows: AccessReportRow[];
  truncated: boolean;
  /** Every company, for the report's filter. */
  companies: { id: string; nameEn: string; nameJa: string }[];
}
