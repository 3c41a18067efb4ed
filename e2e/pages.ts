import { demoAdvisoryIds } from "../lib/demo/seed-advisories";
import { demoOrgIds } from "../lib/demo/demo-ids";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import type { AccountKey } from "./roles";

// The portal's pages as the specs open them: each with the account that opens it (null: signed out) and
// its heading in both languages. Opening one changes no business data (a confidential read is recorded).
// `slow`: a long page (the item editor, with a country list per item) that axe needs more time for.
// A heading is a pattern where it holds what the seed sets at run time (an advisory's reference names its year).
// `status`: what the page answers when not 200 (an address no page answers: the 404 page, in its frame).
export const pages: { path: string; account: AccountKey | null; heading: { en: string | RegExp; ja: string | RegExp }; slow?: boolean; status?: number }[] = [
  { path: "/sign-in", account: null, heading: { en: "Sign in", ja: "サインイン" } },
  { path: "/no-such-page", account: "hoshinoOfficer", heading: { en: "Not found", ja: "見つかりません" }, status: 404 },
  { path: "/company", account: "hoshinoOfficer", heading: { en: "Hoshino Magnetics", ja: "星野マグネティクス" } },
  // Where a link from another site lands first (the page it names is not opened from here by a tour).
  { path: `/continue?to=${encodeURIComponent("/company/access-log")}`, account: "hoshinoOfficer", heading: { en: "Open this page?", ja: "このページを開きますか？" } },
  { path: "/company/profile", account: "hoshinoOfficer", heading: { en: "Company profile", ja: "企業プロファイル" } },
  { path: "/agency", account: "reviewer", heading: { en: "Agency workspace", ja: "省庁ワークスペース" } },
  { path: "/oversight", account: "auditor", heading: { en: "Oversight console", ja: "監査コンソール" } },
  { path: "/oversight/access", account: "auditor", heading: { en: "Access report", ja: "アクセスレポート" } },
  { path: "/company/disclosures", account: "hoshinoOfficer", heading: { en: "Disclosures", ja: "開示" } },
  // The demo's 2026-H2 draft: the item editor (read here, never saved).
  {
    path: `/company/disclosures/${demoDisclosureIds.hoshinoH2}`,
    account: "hoshinoOfficer",
    heading: { en: "Disclosure for 2026-H2", ja: "2026-H2 の開示" },
    slow: true,
  },
  { path: `/company/disclosures/${demoDisclosureIds.hoshinoH1}/versions/1`, account: "hoshinoOfficer", heading: { en: "Version 1", ja: "第 1 版" } },
  {
    path: `/company/disclosures/${demoDisclosureIds.hoshinoH1}/compare?from=1&to=1`,
    account: "hoshinoOfficer",
    heading: { en: "Version 1 and version 1 compared", ja: "第 1 版と第 1 版の比較" },
  },
  { path: "/company/access-log", account: "hoshinoOfficer", heading: { en: "Access log", ja: "アクセス記録" } },
  { path: "/agency/disclosures", account: "reviewer", heading: { en: "Disclosure review", ja: "開示の審査" } },
  {
    path: `/agency/disclosures/${demoDisclosureIds.hoshinoH1}`,
    account: "reviewer",
    heading: { en: "Hoshino Magnetics: disclosure for 2026-H1", ja: "星野マグネティクス: 2026-H1 の開示" },
  },
  { path: "/agency/advisories", account: "approver", heading: { en: "Advisories", ja: "勧告" } },
  { path: "/agency/advisories/new", account: "reviewer", heading: { en: "Draft an advisory", ja: "勧告を起案する" }, slow: true },
  {
    path: `/agency/advisories/${demoAdvisoryIds.rareEarths}`,
    account: "reviewer",
    heading: { en: "Heavy rare earths: export licences delayed", ja: "Heavy rare earths: export licences delayed" },
  },
  { path: `/agency/advisories/${demoAdvisoryIds.gallium}`, account: "approver", heading: { en: "Gallium from China: qualify a second source", ja: "Gallium from China: qualify a second source" } },
  { path: "/company/advisories", account: "kawasemiOfficer", heading: { en: "Advisories", ja: "勧告" } },
  // Kawasemi has acknowledged this one already, so reading the page changes nothing.
  {
    path: `/company/advisories/${demoAdvisoryIds.rareEarths}`,
    account: "kawasemiOfficer",
    heading: { en: "Heavy rare earths: export licences delayed", ja: "Heavy rare earths: export licences delayed" },
  },
  { path: `/company/advisories/${demoAdvisoryIds.batteryGuidance}`, account: "minatoOfficer", heading: { en: "Battery supply chains: self-assessment guidance", ja: "Battery supply chains: self-assessment guidance" } },
  { path: "/admin/outbox", account: "platformAdmin", heading: { en: "Email outbox", ja: "メール送信キュー" } },
  // Risk insights: 2026-H1 (magnet cells suppressed), 2025-H2 (magnet cells shown, with charts), a drill-down.
  { path: "/agency/insights?period=2026-H1", account: "reviewer", heading: { en: "Risk insights", ja: "リスク分析" } },
  { path: "/agency/insights?period=2025-H2", account: "reviewer", heading: { en: "Risk insights", ja: "リスク分析" } },
  {
    path: "/agency/insights/companies?period=2026-H1&product=permanent_magnets",
    account: "reviewer",
    heading: { en: "Permanent magnets: companies, 2026-H1", ja: "永久磁石：企業（2026-H1）" },
  },
  // An ID no one may open: approvers are offered break-glass (the form only; nothing is opened).
  { path: "/agency/disclosures/00000000-0000-4000-b000-00000000ffff", account: "approver", heading: { en: "Disclosure outside your assignment", ja: "担当範囲外の開示" } },
  // Account security and administration.
  { path: "/account", account: "hoshinoOfficer", heading: { en: "My account", ja: "マイアカウント" } },
  { path: "/account", account: "reviewer", heading: { en: "My account", ja: "マイアカウント" } },
  { path: "/company/users", account: "hoshinoAdmin", heading: { en: "Company users", ja: "企業のユーザー" } },
  { path: "/agency/conflicts", account: "reviewer2", heading: { en: "Conflicts of interest", ja: "利益相反" } },
  { path: "/admin", account: "platformAdmin", heading: { en: "Platform administration", ja: "プラットフォーム管理" } },
  { path: "/admin/users", account: "platformAdmin", heading: { en: "Users", ja: "ユーザー" } },
  { path: "/admin/users/00000000-0000-4000-9000-000000000012", account: "platformAdmin", heading: { en: "Sota Nakamura", ja: "Sota Nakamura" } },
  { path: "/forgot-password", account: null, heading: { en: "Forgot your password", ja: "パスワードの再設定" } },
  { path: "/privacy", account: null, heading: { en: "Privacy notice", ja: "プライバシーに関するお知らせ" } },
  { path: "/welcome#token=not-a-valid-token-at-all-000000", account: null, heading: { en: "Welcome to Kakehashi", ja: "架け橋へようこそ" } },
  { path: "/demo/mailbox", account: null, heading: { en: "Demo mailbox", ja: "デモ用メールボックス" } },
  { path: "/reset-password#token=not-a-valid-token-at-all-000000", account: null, heading: { en: "Choose a new password", ja: "新しいパスワードの設定" } },
  // The audit console's other pages: the event list and the first event (each read is itself recorded),
  // the verification page (verifying and sealing only on a button), the anomaly flags.
  { path: "/oversight/events", account: "auditor", heading: { en: "Audit log", ja: "監査ログ" } },
  { path: "/oversight/events/1", account: "auditor", heading: { en: "Audit event 1", ja: "監査イベント 1" } },
  { path: "/oversight/verify", account: "auditor", heading: { en: "Verify the audit log", ja: "監査ログの検証" } },
  { path: "/oversight/anomalies", account: "auditor", heading: { en: "Anomalies", ja: "異常検知" } },
  { path: `/agency/companies/${demoOrgIds.hoshino}`, account: "reviewer", heading: { en: "Profile of Hoshino Magnetics", ja: "星野マグネティクス のプロファイル" } },
  // The agency's version page (its compare page is the company's, toured above, under the agency's guard).
  { path: `/agency/disclosures/${demoDisclosureIds.hoshinoH1}/versions/1`, account: "reviewer", heading: { en: "Version 1", ja: "第 1 版" } },
  // The advisory editor on the demo's draft (its author's) and on a published one: forms, read, never saved.
  {
    path: `/agency/advisories/${demoAdvisoryIds.betaLactam}/edit`,
    account: "reviewer2",
    heading: { en: /^Edit the draft of KH-ADV-\d{4}-0004$/, ja: /^KH-ADV-\d{4}-0004 の下書きを編集$/ },
    slow: true,
  },
  {
    path: `/agency/advisories/${demoAdvisoryIds.rareEarths}/revise`,
    account: "reviewer",
    heading: { en: /^Revise KH-ADV-\d{4}-0001$/, ja: /^KH-ADV-\d{4}-0001 を改訂$/ },
    slow: true,
  },
  { path: "/company/tokens", account: "hoshinoAdmin", heading: { en: "API tokens", ja: "APIトークン" } },
];
