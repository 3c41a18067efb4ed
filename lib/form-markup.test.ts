import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A form the page's script submits must be a ClientForm (components/ui/client-form.tsx): a plain <form>
// with an onSubmit handler is a GET form to the browser until the script runs, and a user who presses
// Enter before then sends every field — a password, a TOTP code — in the address. Plain <form>s are left
// for what works without the script: searches (method="get") and server actions (action={…}).
const root = path.resolve(import.meta.dirname, "..");
const sources = ["app", "components"]
  .flatMap((dir) => (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]).map((file) => path.join(dir, file)))
  .filter((file) => file.endsWith(".tsx") && file !== path.join("components", "ui", "client-form.tsx"));

/** Each `<form …>` opening tag in `text`, attributes and all (JSX attribute values may hold `>` inside braces). */
function formTags(text: string): string[] {
  const tags: string[] = [];
  for (const match of text.matchAll(/<form\b/g)) {
    let depth = 0;
    let end = match.index + 5;
    for (; end < text.length; end++) {
      const c = text[end];
      if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (c === ">" && depth === 0) break;
    }
    tags.push(text.slice(match.index, end + 1));
  }
  return tags;
}

describe("forms submitted by their script", () => {
  it("reads every form of the app", () => {
    expect(sources.length).toBeGreaterThan(50);
    expect(formTags('<form method="get" action={`${a}/b`}>')).toEqual(['<form method="get" action={`${a}/b`}>']);
  });

  it.each(sources)("%s: a ClientForm's submit buttons are Buttons, which wait for the script", (file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    if (!text.includes("<ClientForm")) return;
    expect(text, `${file}: a raw submit button in a file with a ClientForm`).not.toMatch(/<button\b(?![^>]*type="(?:button|reset)")/);
  });

  it.each(sources)("%s: every plain <form> works without the page's script", (file) => {
    for (const tag of formTags(fs.readFileSync(path.join(root, file), "utf8"))) {
      expect(tag, `${file}: a form with onSubmit is a ClientForm`).not.toMatch(/\bonSubmit=/);
      expect(tag, `${file}: a plain form is a GET search or a server action`).toMatch(/\bmethod="get"|\baction=\{/);
    }
  });
});

// A success notice mounted together with its live region is often not announced: a client component's form
// puts its success notice into a region on the page from the start (SuccessRegion, components/ui/notice.tsx),
// or into one of its own, without a live role of its own; a page's outcome after a move takes the focus
// (OutcomeNotice). Only components/ui builds these.
const clientComponents = sources.filter((file) => !file.startsWith(path.join("components", "ui")) && fs.readFileSync(path.join(root, file), "utf8").startsWith('"use client"'));

/** Each `<Notice …>` opening tag in `text` whose kind is success. */
function successNotices(text: string): string[] {
  return [...text.matchAll(/<Notice\b[^>]*>/g)].map((m) => m[0]).filter((tag) => tag.includes('kind="success"'));
}

describe("success notices said in a region that stays", () => {
  it("finds the client components, and the forms that use SuccessRegion", () => {
    expect(clientComponents.length).toBeGreaterThan(30);
    const users = clientComponents.filter((file) => fs.readFileSync(path.join(root, file), "utf8").includes("<SuccessRegion"));
    expect(users.length).toBeGreaterThanOrEqual(7);
  });

  it.each(clientComponents)("%s: no success notice with a live role of its own", (file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const tag of successNotices(text)) expect(tag, `${file}: a success notice mounted with its own live role`).toContain("live={false}");
    // A status region of its own is not behind a condition: `{x && <div role="status"` would mount it with its text.
    const regions = [...text.matchAll(/<div\b[^>]*\brole="status"/g)].map((m) => text.slice(Math.max(0, m.index - 40), m.index).trim());
    for (const before of regions) expect(before, `${file}: the status region is mounted conditionally`).not.toMatch(/(&&|\?|:)\s*\(?$/);
  });
});

// A password manager saves a new or changed password under the username beside it, and it passes over an
// input of type="hidden": a form that sets or asks for a password names its account in a hidden text input
// with autocomplete="username".
describe("forms that set or ask for a password", () => {
  const passwordForms = sources.filter((file) => /<NewPasswordFields\b|autoComplete="current-password"/.test(fs.readFileSync(path.join(root, file), "utf8")));

  it("are found", () => {
    expect(passwordForms.length).toBeGreaterThanOrEqual(3);
  });

  it.each(passwordForms)("%s: names its account to password managers", (file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    expect(text).toMatch(/<input type="(?:text|email)"[^>]*autoComplete="username"|autoComplete="username"/);
    expect(text, `${file}: the account's name only in a type="hidden" input`).not.toMatch(/<input type="hidden"[^>]*autoComplete="username"/);
  });
});
