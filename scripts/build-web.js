/**
 * Bundles the browser pages the service serves (the task pane, the coordinator's page) with
 * esbuild into dist/web/<app>/, with their HTML and CSS, and the add-in's icons into
 * dist/web/assets/. Run by `npm run build`; tests call buildWeb() before starting a browser.
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const APPS = [
  { name: 'taskpane', dir: 'addin/taskpane', entry: 'taskpane.ts' },
  { name: 'coordinator', dir: 'server/web', entry: 'coordinator.ts' },
  { name: 'officer', dir: 'server/web/officer', entry: 'officer.ts' },
];

async function buildWeb(outDir = path.join(root, 'dist', 'web')) {
  for (const app of APPS) {
    const source = path.join(root, app.dir);
    const entry = path.join(source, app.entry);
    if (!fs.existsSync(entry)) continue;
    const target = path.join(outDir, app.name);
    fs.mkdirSync(target, { recursive: true });
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      outfile: path.join(target, `${app.name}.js`),
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      sourcemap: true,
      logLevel: 'error',
    });
    for (const file of fs.readdirSync(source)) {
      if (/\.(html|css)$/.test(file)) fs.copyFileSync(path.join(source, file), path.join(target, file));
    }
  }
  const assets = path.join(root, 'assets');
  if (fs.existsSync(assets)) fs.cpSync(assets, path.join(outDir, 'assets'), { recursive: true });
  return outDir;
}

module.exports = { buildWeb };

if (require.main === module) {
  buildWeb().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
