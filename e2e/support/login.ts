import type { Page } from 'playwright-core';
import { currentDemoOtp } from '../../apps/api/src/bootstrap.ts';

/**
 * Types a demo account's current TOTP code on the verification step and confirms it. A code is
 * accepted once per account, so when this account already used the current one (an API session of
 * the test, or the window turned while typing) the step stays; then the next 30-second window brings
 * a fresh code and it is tried once more.
 */
export async function submitOtp(page: Page, username: string): Promise<void> {
  const field = page.getByLabel('Kode verifikasi');
  await field.waitFor();
  for (let attempt = 1; ; attempt++) {
    await field.fill(currentDemoOtp(username));
    await page.getByRole('button', { name: 'Verifikasi' }).click();
    const accepted = await field
      .waitFor({ state: 'detached', timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (accepted || attempt === 2) return;
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 1_000);
  }
}
