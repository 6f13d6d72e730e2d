// Debian's Chromium through Playwright, as every real-editor run starts it: headless, in a fresh
// profile that close() removes, with nothing that reaches the network by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** @returns {Promise<{ page: import('playwright-core').Page, close: () => Promise<void> }>} */
export async function openBrowser(chromiumPath, { viewport } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'pmta-chromium-'));
  const remove = () => rmSync(profile, { recursive: true, force: true });
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, ...(viewport ? { viewport } : {}), args: ARGS });
  } catch (err) {
    remove();
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close().catch(() => {});
      remove();
    },
  };
}
