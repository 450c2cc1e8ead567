/**
 * Bundles the browser pages the service serves (the task pane, the coordinator's page) with
 * esbuild into dist/web/<app>/, with their HTML and CSS, and the add-in's icons into
 * dist/web/assets/. Run by `npm run build`; tests call buildWeb() before starting a browser.
 *
 * Office.js: the pane loads it from Microsoft's CDN, as add-ins in the store must
 * (learn.microsoft.com/office/dev/add-ins/develop/referencing-the-javascript-api-for-office-library-from-its-cdn).
 * `{ officeJs: 'package' }` (or `--office-js=package`, or DR_OFFICE_JS=package) points the pane
 * at the copy of the @microsoft/office-js package the service serves under /office-js/: for the
 * end-to-end tests and offline development only, never for a pane officers use.
 *
 * Targets: the task pane is built for ES2017, which the EdgeHTML and older Safari webviews
 * admitted by the manifest's ExcelApi 1.8 parse; its legacy.js is plain ES5, copied as is, so
 * Internet Explorer's Trident webview shows a message instead of a blank pane.
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const APPS = [
  { name: 'taskpane', dir: 'addin/taskpane', entry: 'taskpane.ts', target: 'es2017' },
  { name: 'coordinator', dir: 'server/web', entry: 'coordinator.ts', target: 'es2020' },
  { name: 'officer', dir: 'server/web/officer', entry: 'officer.ts', target: 'es2020' },
];

const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_PACKAGE = '/office-js/office.js';

/**
 * @param {string} [outDir]
 * @param {{ officeJs?: 'cdn' | 'package' }} [options]
 */
async function buildWeb(outDir = path.join(root, 'dist', 'web'), options = {}) {
  const officeJs = options.officeJs ?? 'cdn';
  if (officeJs !== 'cdn' && officeJs !== 'package') throw new Error(`officeJs must be "cdn" or "package", not ${officeJs}`);
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
      target: app.target,
      minify: true,
      sourcemap: true,
      logLevel: 'error',
    });
    for (const file of fs.readdirSync(source)) {
      if (/\.(css|js)$/.test(file)) fs.copyFileSync(path.join(source, file), path.join(target, file));
      if (/\.html$/.test(file)) {
        const html = fs.readFileSync(path.join(source, file), 'utf8');
        fs.writeFileSync(path.join(target, file), officeJs === 'package' ? html.split(OFFICE_JS_CDN).join(OFFICE_JS_PACKAGE) : html);
      }
    }
  }
  const assets = path.join(root, 'assets');
  if (fs.existsSync(assets)) fs.cpSync(assets, path.join(outDir, 'assets'), { recursive: true });
  return outDir;
}

module.exports = { buildWeb, OFFICE_JS_CDN, OFFICE_JS_PACKAGE };

if (require.main === module) {
  const flag = process.argv.find((arg) => arg.startsWith('--office-js='));
  const officeJs = flag ? flag.slice('--office-js='.length) : (process.env.DR_OFFICE_JS ?? 'cdn');
  buildWeb(undefined, { officeJs }).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
