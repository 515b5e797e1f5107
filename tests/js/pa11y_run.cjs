// Runs HTML_CodeSniffer (WCAG2AA) through pa11y on each address given, in one browser.
//
//   node tests/js/pa11y_run.cjs CHROMIUM_PATH URL [URL ...]
//
// Prints one JSON object: {address: [{type, code, message, selector}]}, errors only.
// The browser is the one the Python tests use (Debian's Chromium): Puppeteer's own
// download is switched off in .puppeteerrc.cjs.
"use strict";

const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  const [chromium, ...addresses] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  const found = {};
  try {
    for (const address of addresses) {
      const page = await browser.newPage();
      const result = await pa11y(address, {
        browser,
        page,
        standard: "WCAG2AA",
        runners: ["htmlcs"],
        includeWarnings: false,
        includeNotices: false,
        timeout: 60000,
        // Search pages fill in their results (and filters) after loading: wait for them.
        actions: address.includes("/search/?")
          ? ["wait for element .kb-result to be added", "wait for element .kb-facet input to be added"]
          : [],
      });
      found[address] = result.issues
        .filter((issue) => issue.type === "error")
        .map(({ type, code, message, selector }) => ({ type, code, message, selector }));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(found));
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + "\n");
  process.exit(2);
});
