import { answerActions, expect, expectNotFoundPage, expectProblem, noSession, test } from "./fixtures";
import { storageStateFor } from "./roles";

test.describe("the auditor verifies the audit log", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("runs verification, seals a checkpoint and sees the log sound", async ({ page }) => {
    await page.goto("/oversight");
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Verification" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Verify the audit log");

    await page.getByRole("button", { name: "Seal a checkpoint" }).click();
    await expect(page.getByText(/Checkpoint sealed at sequence \d+\./)).toBeVisible();
    const checkpoint = JSON.parse((await page.getByTestId("checkpoint-json").textContent()) ?? "{}");
    expect(checkpoint).toMatchObject({ format: "kakehashi-audit-checkpoint", algorithm: "Ed25519", seq: expect.any(Number) });
    // Wider than a narrow screen, the JSON scrolls in a named region that the keyboard reaches (WCAG 1.4.10, 2.1.1).
    const json = page.getByRole("region", { name: `Checkpoint ${checkpoint.seq} as JSON` });
    await expect(json).toContainText('"format"');
    await page.getByRole("link", { name: "Download the checkpoint (JSON)" }).focus();
    await page.keyboard.press("Tab");
    await expect(json).toBeFocused();

    await page.getByRole("button", { name: "Verify now" }).click();
    await expect(page.getByText("The audit log is sound.")).toBeVisible();
    await expect(page.getByTestId("verification-result")).toContainText(/Checkpoints checked\s*[1-9]/);

    const api = await page.request.get("/api/v1/audit/verify");
    expect(api.status()).toBe(200);
    expect(await api.json()).toMatchObject({ ok: true, firstBad: null });
  });

  test("holds the log against checkpoint files kept outside, and names a file that is not one", async ({ page }) => {
    await page.goto("/oversight/verify");
    const sealed = await page.request.post("/api/v1/audit/checkpoints");
    expect(sealed.ok()).toBe(true);
    const files = page.getByLabel("Checkpoints kept outside Kakehashi (optional)");
    await files.setInputFiles([{ name: "kept.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(await sealed.json())) }]);
    await page.getByRole("button", { name: "Verify now" }).click();
    await expect(page.getByText("The audit log is sound.")).toBeVisible();

    await files.setInputFiles([{ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("not json") }]);
    await page.getByRole("button", { name: "Verify now" }).click();
    await expect(page.getByText("notes.json is not a checkpoint file: it is not JSON.")).toBeVisible();
    await expect(files).toHaveAttribute("aria-invalid", "true");
    await files.setInputFiles([{ name: "other.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ seq: 1 })) }]);
    await page.getByRole("button", { name: "Verify now" }).click();
    await expect(page.getByText("other.json is not a Kakehashi checkpoint.")).toBeVisible();
  });

  test("in Japanese too", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "NEXT_LOCALE", value: "ja", url: baseURL! }]);
    await page.goto("/oversight/verify");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("監査ログの検証");
    await page.getByRole("button", { name: "今すぐ検証" }).click();
    await expect(page.getByText("監査ログは改ざんされていません。")).toBeVisible();
    await page.getByRole("button", { name: "チェックポイントを封印" }).click();
    const seq = /連番 (\d+) で/.exec((await page.getByText(/連番 \d+ でチェックポイントを封印しました。/).textContent()) ?? "")?.[1];
    await expect(page.getByRole("region", { name: `チェックポイント（連番 ${seq}）の JSON` })).toHaveAttribute("tabindex", "0");
  });

  test("a tampered log is explained in the reader's language from the verifier's figures, not its English detail", async ({ page, context, baseURL }) => {
    const tampered = {
      ok: false,
      events: 11,
      checkedThrough: 11,
      headHash: "ab".repeat(32),
      checkpoints: 1,
      pending: 0,
      firstBad: { seq: 12, problem: "missing", detail: "events 12–14 are missing from the chain (deleted?)" },
      badCheckpoints: [
        { seq: 5, problem: "bad_signature", detail: "checkpoint 5: the signature does not verify" },
        { seq: 9, problem: "bad_signature", detail: "checkpoint 9: the signature does not verify" },
      ],
    };
    await page.goto("/oversight/verify");
    await answerActions(page, { ok: true, data: tampered });
    await page.getByRole("button", { name: "Verify now" }).click();
    const alert = page.getByRole("alert", { name: "The audit log has been tampered with." });
    await expect(alert).toContainText("First bad event: sequence 12");
    await expect(alert).toContainText("Events 12–14 are missing from the chain: they were probably deleted.");
    await expect(alert).not.toContainText("(missing)");
    // Checkpoints whose signature fails are listed too, though the chain's own first bad event comes first.
    await expect(page.getByTestId("verification-bad-checkpoints")).toHaveText(
      "Checkpoints whose signature does not verify under a trusted key, so none of them was relied on: sequence 5 and 9",
    );

    await context.addCookies([{ name: "NEXT_LOCALE", value: "ja", url: baseURL! }]);
    await page.reload();
    await answerActions(page, { ok: true, data: tampered });
    await page.getByRole("button", { name: "今すぐ検証" }).click();
    const japanese = page.getByTestId("verification-problem");
    await expect(japanese).toHaveText("連番 12～14 のイベントがチェーンにありません。削除された可能性があります。");
    await expect(page.getByText("deleted?")).toHaveCount(0);
    await expect(page.getByTestId("verification-bad-checkpoints")).toHaveText("信頼する鍵で署名を検証できないチェックポイント（いずれも検証の根拠にしていません）：連番 5、9");
  });

  test("a failed request says why, with its reference, below a title that is not repeated", async ({ page }) => {
    await page.goto("/oversight/verify");
    await answerActions(page, { ok: false, code: "unavailable", message: "errors.unavailable", requestId: "e2e-outage-0001" });
    await page.getByRole("button", { name: "Seal a checkpoint" }).click();
    const notice = page.getByRole("alert", { name: "The request did not complete." });
    await expect(notice).toContainText("The service is temporarily unavailable. Please try again shortly.");
    await expect(notice).toContainText("Reference: e2e-outage-0001");
    await expect(notice.getByText("The request did not complete.")).toHaveCount(1);
  });
});

test("the public key is public", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: noSession });
  const response = await anonymous.get("/api/v1/audit/public-key");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ algorithm: "Ed25519", keyId: expect.stringMatching(/^[0-9a-f]{16}$/), publicKey: expect.stringContaining("PUBLIC KEY") });
  await anonymous.dispose();
});

for (const account of ["hoshinoOfficer", "reviewer", "platformAdmin"] as const) {
  test.describe(`${account} cannot verify`, () => {
    test.use({ storageState: storageStateFor(account) });
    test("the page and the API are not found", async ({ page, request }) => {
      await expectNotFoundPage(page, "/oversight/verify");
      await expectProblem(await request.get("/api/v1/audit/verify"), 404);
      await expectProblem(await request.post("/api/v1/audit/checkpoints"), 404);
    });
  });
}
