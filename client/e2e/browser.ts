// Debian's Chromium driven by playwright-core (never a downloaded browser), with a fresh profile and
// the background networking that a closed court network refuses turned off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

/** `locale`: the browser's language (zh-CN unless a test checks another, e.g. en-US for the date fields). */
export async function openBrowser(opts: { locale?: string } = {}): Promise<BrowserContext> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (apt-get install chromium)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-chromium-'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale: opts.locale ?? 'zh-CN',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
  });
  // Every wait is for a thing to appear, and only a hang should fail it: a software-rendered map on a
  // busy machine takes far longer than Playwright's default 30 s.
  context.setDefaultTimeout(120_000);
  return context;
}
