// `npm run backup -- [file]` and `npm run restore -- <file>`: the database the settings name
// (DATABASE_URL, else the embedded folder DATA_DIR), whole. See README "Reliability".
import path from 'node:path';
import { loadConfig, loadEnvFile, REPO_ROOT } from '../config.ts';
import { backupEmbedded, backupPostgres, restoreEmbedded, restorePostgres } from '../db/backup.ts';

const [command, fileArg] = process.argv.slice(2);
loadEnvFile();
const config = loadConfig();
const kind = config.DATABASE_URL ? 'postgres' : 'embedded';
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

try {
  if (command === 'backup') {
    const file = path.resolve(fileArg ?? path.join(REPO_ROOT, 'backups', `shihe-${kind}-${stamp}.${kind === 'postgres' ? 'dump' : 'tar.gz'}`));
    const r = config.DATABASE_URL ? await backupPostgres(config.DATABASE_URL, file) : await backupEmbedded(config.DATA_DIR, file);
    console.log(`备份完成 / backup written: ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB, ${kind}, ${(r.ms / 1000).toFixed(1)} s)`);
  } else if (command === 'restore') {
    if (!fileArg) throw new Error('Usage: npm run restore -- <backup file>（请指定备份文件）');
    const file = path.resolve(fileArg);
    if (config.DATABASE_URL) {
      const r = await restorePostgres(file, config.DATABASE_URL);
      console.log(`恢复完成 / restored ${r.file} into the PostgreSQL database (${(r.ms / 1000).toFixed(1)} s). Restart the server.`);
    } else {
      const r = await restoreEmbedded(file, config.DATA_DIR);
      console.log(`恢复完成 / restored ${r.file} into ${config.DATA_DIR} (${(r.ms / 1000).toFixed(1)} s)${r.previous ? `; the folder it replaced is kept at ${r.previous}` : ''}.`);
    }
  } else {
    throw new Error('Usage: npm run backup -- [file] | npm run restore -- <file>');
  }
} catch (err) {
  console.error(`\n失败 / failed: ${(err as Error).message}\n`);
  process.exit(1);
}
