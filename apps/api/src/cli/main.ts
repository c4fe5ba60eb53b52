import { createAuditRepository } from '../modules/audit/index.ts';
import { currentDemoOtp } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/index.ts';

const USAGE = `Usage: npm run cli -- <command>
  audit verify           check the audit log's hash chain; exits 1 naming the first broken entry
  demo-otp USERNAME      print the current TOTP code of a demo account`;

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  if (command === 'demo-otp' && sub) {
    console.log(currentDemoOtp(sub));
    return 0;
  }
  if (command === 'audit' && sub === 'verify') {
    const database = await openDatabase(loadConfig(), (line) => console.error(line));
    try {
      const repository = createAuditRepository(database.db, database.pool);
      const result = await repository.verify();
      if (result.ok) {
        console.log(
          `audit log intact: ${result.checked} entries verified${result.pending ? `, ${result.pending} not yet chained` : ''}`,
        );
        return 0;
      }
      const broken = result.firstBroken;
      console.error(
        `audit log BROKEN at entry ${broken.chainPos}${broken.id === null ? '' : ` (row id ${broken.id})`}: ${broken.reason}`,
      );
      console.error(`${result.checked} entries before it are intact`);
      return 1;
    } finally {
      await database.close();
    }
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
