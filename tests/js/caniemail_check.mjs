// Check an email's HTML (and the CSS in it) against caniemail.com's data, with the `caniemail`
// npm package, for the mail apps our readers use. Prints JSON:
//   {"version": "...", "clients": [...], "errors": [...], "warnings": [...]}
// where each finding is {"client", "feature", "notes"}: an error is a feature the client does
// not support at all, a warning one it supports only in part.
//
// Usage: node tests/js/caniemail_check.mjs FILE.html [CLIENT ...]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { caniemail } from "caniemail";

const DEFAULT_CLIENTS = [
  "outlook.windows",
  "outlook.outlook-com",
  "gmail.desktop-webmail",
  "gmail.mobile-webmail",
  "apple-mail.macos",
  "apple-mail.ios",
];

const [file, ...asked] = process.argv.slice(2);
const clients = asked.length ? asked : DEFAULT_CLIENTS;
const html = readFileSync(file, "utf8");
const result = caniemail({ clients, html });

function findings(map) {
  const found = [];
  for (const [client, issues] of map) {
    for (const issue of issues) {
      found.push({ client, feature: issue.title, notes: issue.notes ?? [] });
    }
  }
  // One entry per client and feature: the same feature on many elements is one finding.
  const seen = new Set();
  return found
    .filter((f) => {
      const key = `${f.client}\u0000${f.feature}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.feature + a.client).localeCompare(b.feature + b.client));
}

const version = createRequire(import.meta.url)("caniemail/package.json").version;
console.log(
  JSON.stringify({
    version,
    clients,
    errors: findings(result.issues.errors),
    warnings: findings(result.issues.warnings),
  }),
);
