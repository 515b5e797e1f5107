// pa11y (tests only) brings Puppeteer, which would download its own Chrome on install.
// The tests drive Debian's Chromium instead (tests/browser_support.py), so skip it.
module.exports = { skipDownload: true };
