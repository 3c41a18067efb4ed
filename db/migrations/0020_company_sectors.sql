-- A company's sector (JSIC, `sectorCodes` in db/schema/profiles.ts), which it states in its profile, so that advisories can target
-- sectors (SPEC §3). Null until the company says. Codes are checked by the application's schema: the list
-- may grow without a migration.
ALTER TABLE "company_profiles" ADD COLUMN "sector" text;--> statement-breakpoint
CREATE INDEX "company_profiles_sector_idx" ON "company_profiles" ("sector") WHERE "sector" IS NOT NULL;
