import { auditRows, expect, getOwnProfile, openOversight, test } from "./fixtures";
import { demoOrgIds, storageStateFor } from "./roles";

// Only this spec changes Tsubame Robotics. It only adds products, so Tsubame stays in every agency scope.

test.describe("Tsubame's officer edits the company profile", () => {
  test.use({ storageState: storageStateFor("tsubameOfficer") });

  test("a saved change shows, survives a reload and is in the audit log", async ({ page, pageAs }) => {
    const before = await getOwnProfile(page.request);
    const stamp = Date.now();
    const name = `Aoi Yamamoto ${stamp.toString(36)}`;
    const phone = `+81 45-${String(stamp % 1000).padStart(3, "0")}-0105`;

    await page.goto("/company/profile");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Company profile");
    await page.getByLabel("Contact person").fill(name);
    await page.getByLabel("Phone", { exact: true }).fill(phone);
    await page.getByRole("checkbox", { name: "Fertilizers" }).check();
    await page.getByLabel("Sector").selectOption({ label: "Manufacture of general-purpose machinery" });
    await page.getByRole("button", { name: "Save the profile" }).click();

    await expect(page.getByRole("status").filter({ hasText: "The profile was saved" })).toHaveText(
      `The profile was saved (version ${before.version + 1}).`,
    );

    await page.reload();
    await expect(page.getByLabel("Contact person")).toHaveValue(name);
    await expect(page.getByLabel("Phone", { exact: true })).toHaveValue(phone);
    await expect(page.getByRole("checkbox", { name: "Fertilizers" })).toBeChecked();
    await expect(page.getByLabel("Sector")).toHaveValue("jsic_e25");
    for (const kept of ["Machine tools and industrial robots", "Permanent magnets", "Semiconductors"]) {
      await expect(page.getByRole("checkbox", { name: kept })).toBeChecked();
    }

    const after = await getOwnProfile(page.request);
    expect(after).toMatchObject({ contactName: name, contactPhone: phone, sector: "jsic_e25", version: before.version + 1 });
    expect(after.productCodes).toEqual(expect.arrayContaining([...before.productCodes, "fertilizers"]));

    await page.goto("/company");
    await expect(page.getByTestId("profile-contact")).toHaveText(name);
    await expect(page.getByTestId("profile-sector")).toHaveText("Manufacture of general-purpose machinery");

    const auditor = await openOversight(pageAs);
    await expect(
      auditRows(auditor, { action: "profile.update", actor: "officer@tsubame.example", targetId: demoOrgIds.tsubame }),
    ).not.toHaveCount(0);
  });

  test("an invalid phone number shows a field error and nothing is saved", async ({ page }) => {
    const before = await getOwnProfile(page.request);

    await page.goto("/company/profile");
    const phone = page.getByLabel("Phone", { exact: true });
    await expect(phone).toHaveValue(before.contactPhone ?? "");
    await phone.fill("call me maybe");
    await page.getByRole("button", { name: "Save the profile" }).click();

    const message = "Enter a phone number: digits, spaces, brackets and dashes, optionally starting with +.";
    await expect(page.getByText(message)).toBeVisible();
    await expect(phone).toHaveAttribute("aria-invalid", "true");
    await expect(phone).toHaveAccessibleDescription(message);
    await expect(page.getByRole("status").filter({ hasText: "The profile was saved" })).toHaveCount(0);

    const after = await getOwnProfile(page.request);
    expect(after.contactPhone).toBe(before.contactPhone);
    expect(after.version).toBe(before.version);

    await page.reload();
    await expect(page.getByLabel("Phone", { exact: true })).toHaveValue(before.contactPhone ?? "");
  });
});
