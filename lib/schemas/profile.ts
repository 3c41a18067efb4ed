import "./jitless";
import { z } from "zod";
import { productCodes } from "@/db/seed/products";

export const productCodeSchema = z.enum(productCodes, { error: "validation.productCode" }).meta({ id: "ProductCode" });

export const companyProfileInputSchema = z
  .object({
    contactName: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
    contactEmail: z
      .string()
      .trim()
      .max(320, "validation.tooLong")
      .refine((v) => v === "" || z.email().safeParse(v).success, "validation.email")
      .optional(),
    contactPhone: z
      .string()
      .trim()
      .min(1, "validation.required")
      .regex(/^\+?[0-9][0-9 ()-]{5,24}$/, "validation.phone"),
    productCodes: z
      .array(productCodeSchema)
      .max(60, "validation.tooMany")
      .refine((codes) => new Set(codes).size === codes.length, "validation.duplicateProduct"),
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
    version: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: "CompanyProfile" });

export type CompanyProfile = z.infer<typeof companyProfileSchema>;
