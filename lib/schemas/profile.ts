import "./jitless";
import { z } from "zod";
import { typedCode, writtenText } from "./text";
import { sectorCodes } from "@/db/schema";
import { productCodes } from "@/db/seed/products";

export const productCodeSchema = z.enum(productCodes, { error: "validation.productCode" }).meta({ id: "ProductCode" });

export const sectorCodeSchema = z
  .enum(sectorCodes, { error: "validation.sector" })
  .meta({ id: "SectorCode", description: "A sector of the Japan Standard Industrial Classification (rev. 14): `jsic_` and its code; manufacturing at the two-digit level." });

const PHONE = /^\+?[0-9][0-9 ()-]{5,24}$/;

export const companyProfileInputSchema = z
  .object({
    contactName: writtenText({ max: 200, min: 1 }),
    contactEmail: typedCode()
      .pipe(
        z
          .string()
          .max(320, "validation.tooLong")
          .refine((v) => v === "" || z.email().safeParse(v).success, "validation.email"),
      )
      .optional(),
    contactPhone: typedCode()
      .pipe(z.string().min(1, "validation.required").regex(PHONE, "validation.phone"))
      .meta({ type: "string", pattern: PHONE.source }),
    productCodes: z
      .array(productCodeSchema)
      .max(60, "validation.tooMany")
      .refine((codes) => new Set(codes).size === codes.length, "validation.duplicateProduct"),
    // Null: not stated. Left out (an API client written before sectors): kept as it is.
    sector: sectorCodeSchema.nullable().optional(),
  })
  .strict()
  .meta({ id: "CompanyProfileInput", description: "A company's economic-security profile as its officers edit it." });

export type CompanyProfileInput = z.infer<typeof companyProfileInputSchema>;

export const companyProfileSchema = z
  .object({
    organisationId: z.uuid(),
    organisationName: z.object({ en: z.string(), ja: z.string() }),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    productCodes: z.array(productCodeSchema),
    sector: sectorCodeSchema.nullable(),
    version: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: "CompanyProfile" });

export type CompanyProfile = z.infer<typeof companyProfileSchema>;
