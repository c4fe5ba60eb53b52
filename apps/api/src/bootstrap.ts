import crypto from 'node:crypto';
import { Secret } from 'otpauth';
import type { Config } from './config.ts';
import type { Database } from './db/index.ts';
import type { Services } from './app.ts';
import { seedRegions } from './modules/regions/index.ts';
import { seedDemoMeetings } from './modules/meetings/index.ts';
import { seedDemoNeutrality } from './modules/neutrality/index.ts';
import { seedDemoElections } from './modules/readiness/index.ts';
import { seedDemoReports } from './modules/reports/index.ts';
import { seedDemoRisk } from './modules/risk/index.ts';
import { totpFor } from './modules/auth/index.ts';
import type { Role } from '@sinergi/shared';

export const DEMO_PASSWORD = 'sinergi-demo-2024';

interface DemoAccount {
  username: string;
  name: string;
  role: Role;
  scopeCode: string;
  institution: string;
}

/** The demo regions are those of the five source articles (shared/reference). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'admin',
    name: 'Administrator Sinergi',
    role: 'admin',
    scopeCode: 'ID',
    institution: 'Sinergi',
  },
  {
    username: 'kemendagri',
    name: 'Analis Ditjen Polpum',
    role: 'ministry',
    scopeCode: 'ID',
    institution: 'Ditjen Polpum Kemendagri',
  },
  {
    username: 'kesbangpol.jambi',
    name: 'Operator Kesbangpol Provinsi Jambi',
    role: 'province_officer',
    scopeCode: '15',
    institution: 'Kesbangpol Provinsi Jambi',
  },
  {
    username: 'kesbangpol.batanghari',
    name: 'Operator Kesbangpol Batanghari',
    role: 'regency_officer',
    scopeCode: '15.04',
    institution: 'Kesbangpol Kabupaten Batanghari',
  },
  {
    username: 'pelapor.batanghari',
    name: 'Kepala Desa (demo) Batanghari',
    role: 'field_reporter',
    scopeCode: '15.04',
    institution: 'Pemerintah Desa',
  },
  {
    username: 'kesbangpol.tanjabtim',
    name: 'Operator Kesbangpol Tanjung Jabung Timur',
    role: 'regency_officer',
    scopeCode: '15.07',
    institution: 'Kesbangpol Kabupaten Tanjung Jabung Timur',
  },
  {
    username: 'pelapor.tanjabtim',
    name: 'Kapolsek (demo) Kuala Jambi',
    role: 'field_reporter',
    scopeCode: '15.07',
    institution: 'Polsek Kuala Jambi',
  },
  {
    username: 'kesbangpol.banyuasin',
    name: 'Operator Kesbangpol Banyuasin',
    role: 'regency_officer',
    scopeCode: '16.07',
    institution: 'Kesbangpol Kabupaten Banyuasin',
  },
  {
    username: 'pelapor.banyuasin',
    name: 'Anggota FKDM (demo) Banyuasin',
    role: 'field_reporter',
    scopeCode: '16.07',
    institution: 'FKDM Banyuasin',
  },
  {
    username: 'kesbangpol.bangli',
    name: 'Operator Kesbangpol Bangli',
    role: 'regency_officer',
    scopeCode: '51.06',
    institution: 'Kesbangpol Kabupaten Bangli',
  },
  {
    username: 'pelapor.bangli',
    name: 'Camat (demo) Bangli',
    role: 'field_reporter',
    scopeCode: '51.06',
    institution: 'Kecamatan Bangli',
  },
];

/**
 * Demo accounts that need a second factor get a fixed TOTP secret derived from the username, so the
 * demo can be followed (and the e2e test can log in) without phones. Demo data only.
 */
export function demoTotpSecret(username: string): string {
  const bytes = Uint8Array.from(
    crypto.createHash('sha256').update(`sinergi-demo-totp:${username}`).digest().subarray(0, 20),
  );
  return new Secret({ buffer: bytes.buffer }).base32;
}

export async function bootstrap(
  config: Config,
  database: Database,
  services: Services,
  print: (line: string) => void,
): Promise<void> {
  const seeded = await seedRegions(database.pool);
  if (!seeded.skipped) print(`Loaded ${seeded.loaded} regions from idn-area-data`);

  if (config.bootstrapAdmin && (await services.users.count()) === 0) {
    await services.users.create(null, {
      username: config.bootstrapAdmin.username,
      password: config.bootstrapAdmin.password,
      name: 'Administrator',
      role: 'admin',
      scopeCode: 'ID',
    });
    print(`Created the national admin "${config.bootstrapAdmin.username}" (SINERGI_BOOTSTRAP_ADMIN)`);
  }

  if (!config.demo) return;
  const lines: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const needsTotp = ['admin', 'province_officer', 'regency_officer'].includes(account.role);
    const secret = needsTotp ? demoTotpSecret(account.username) : undefined;
    try {
      await services.users.create(null, {
        ...account,
        password: DEMO_PASSWORD,
        ...(secret ? { totpSecret: secret } : {}),
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'user.username_taken') throw error;
    }
    lines.push(
      `  ${account.username.padEnd(24)} ${account.role.padEnd(17)} ${account.scopeCode.padEnd(6)} ${secret ? `TOTP secret ${secret}` : ''}`,
    );
  }
  print(
    [
      `Demo accounts (password "${DEMO_PASSWORD}"; officers and admin need a TOTP code: add the secret to an`,
      'authenticator app, or print the current code with `npm run cli -- demo-otp USERNAME`):',
      ...lines,
    ].join('\n'),
  );
  if (config.demoData) await seedDemoData(database, services, print);
}

/**
 * The demo regions' data, each part idempotent (a restart adds nothing twice): the illustrative
 * baseline first (so that reports move scores from it), then reports, meetings, the neutrality
 * campaign and the readiness checklists of the Pilkada 2024 example.
 */
async function seedDemoData(database: Database, services: Services, print: (line: string) => void) {
  const risk = await seedDemoRisk(services);
  const reports = await seedDemoReports(services, database);
  // The index sees new reports shortly after their commit: the demo starts with all of them counted.
  await services.reports.projection.settled();
  const meetings = await seedDemoMeetings(services.meetings.service);
  const neutrality = await seedDemoNeutrality(services.neutrality, { headPassword: DEMO_PASSWORD });
  const readiness = await seedDemoElections(services);
  if (risk.imported + reports.created + meetings.created + readiness.created > 0 || neutrality.seeded) {
    print(
      `Demo data: ${risk.imported} baseline rows, ${reports.created} reports, ${meetings.created} meetings, ` +
        `${readiness.created} readiness checklists${neutrality.seeded ? ', a neutrality pledge campaign' : ''}`,
    );
  }
}

export function currentDemoOtp(username: string): string {
  return totpFor(demoTotpSecret(username), username).generate();
}
