// The server as `npm start` (and `npm run serve`) runs it: from one bundled file, server/dist/index.mjs,
// made by esbuild from server/src (and the migrations and the shared client modules it imports; the
// packages stay in node_modules). Loading the bundle takes about 0.6 s less CPU than loading the
// TypeScript sources through tsx at every start. The bundle is rebuilt (about 1 s) when it is missing
// or any of its sources (listed beside it at build time) is newer; when it cannot be written (a
// read-only install) the sources run through tsx as before. Tests and `npm run dev` use the sources.
//
//   node scripts/serve.mjs            check, rebuild if stale, run the server (in this process)
//   node scripts/serve.mjs --build    only (re)build the bundle (part of `npm run build`)
//   node scripts/serve.mjs --source   run the sources through tsx (no bundle)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'server/src/index.ts');
// Two levels below the root, like server/src/config.ts: REPO_ROOT is the same from both.
const bundle = path.join(root, 'server/dist/index.mjs');
const inputsFile = `${bundle}.inputs.json`;

/** True when the bundle exists and none of its sources changed (or vanished) since it was built. */
function fresh() {
  try {
    const builtAt = fs.statSync(bundle).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
    // A new file is only reachable through an import in a changed (so newer) file: the listed inputs suffice.
    return inputs.every((f) => fs.statSync(path.join(root, f)).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

async function build() {
  const esbuild = await import('esbuild');
  const startedAt = new Date();
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: bundle,
    write: false, // written below, each file beside and renamed
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external', // node_modules are loaded as usual: only our own code is bundled
    sourcemap: 'linked', // stack traces: run with NODE_OPTIONS=--enable-source-maps
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
  const files = [...result.outputFiles.map((f) => [f.path, f.contents]), [inputsFile, JSON.stringify(inputs)]];
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  for (const [file, contents] of files) fs.writeFileSync(`${file}.${process.pid}.tmp`, contents);
  // The bundle last: another process starting now sees the old bundle or the new one, whole, and a
  // bundle is never newer than its inputs list.
  const order = [...files.filter(([f]) => f !== bundle), ...files.filter(([f]) => f === bundle)];
  for (const [file] of order) fs.renameSync(`${file}.${process.pid}.tmp`, file);
  // Dated when esbuild began reading: a source saved during the build counts as newer.
  fs.utimesSync(bundle, startedAt, startedAt);
}

async function runSource() {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}

const args = process.argv.slice(2);
if (args.includes('--build')) {
  await build();
} else if (args.includes('--source')) {
  await runSource();
} else {
  let ready = fresh();
  if (!ready) {
    try {
      await build();
      ready = true;
    } catch (err) {
      // Not writable, or esbuild missing: the sources still run. A syntax error fails again there, with its place.
      console.error(`server bundle not built (${err.message.split('\n')[0]}): running the sources through tsx`);
    }
  }
  if (ready) await import(pathToFileURL(bundle).href);
  else await runSource();
}
