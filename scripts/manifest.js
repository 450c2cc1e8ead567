/**
 * Writes the add-in manifest for a deployment: every https://localhost:3000 URL in manifest.xml
 * becomes the given origin (the service that serves the task pane).
 *
 *   npm run manifest -- --url https://returns.example.org [-o dist/manifest.xml]
 *
 * Rules: the URL must be https (Office loads task panes over HTTPS only) and an origin, with no
 * path, query or credentials; the output defaults to dist/manifest.xml so the development
 * manifest in the repository stays as it is; the rewritten manifest must still name no
 * localhost URL.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const DEV_ORIGIN = 'https://localhost:3000';
const USAGE = 'usage: npm run manifest -- --url https://your.host [-o dist/manifest.xml] [--in manifest.xml]';

/** "https://Returns.Example.org/" → "https://returns.example.org"; throws with a reason otherwise. */
function parseOrigin(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw new Error(`"${text}" must use https: Office only loads task panes over HTTPS`);
  if (url.username || url.password) throw new Error(`"${text}" must not carry a user name or password`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new Error(`"${text}" must be an origin only (https://host[:port]), the task pane is served from its root`);
  }
  return url.origin;
}

function rewriteManifest(xml, origin) {
  const rewritten = xml.split(DEV_ORIGIN).join(origin);
  if (origin !== DEV_ORIGIN && /https?:\/\/localhost[:/]/.test(rewritten)) {
    throw new Error('the manifest still names a localhost URL after rewriting');
  }
  return rewritten;
}

function parseArgs(argv) {
  const args = { url: undefined, out: path.join(root, 'dist', 'manifest.xml'), in: path.join(root, 'manifest.xml') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--url') args.url = value();
    else if (arg.startsWith('--url=')) args.url = arg.slice(6);
    else if (arg === '-o' || arg === '--out') args.out = path.resolve(value());
    else if (arg === '--in') args.in = path.resolve(value());
    else if (arg === '-h' || arg === '--help') args.help = true;
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return args;
}

function main(argv) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!args.url) throw new Error(`--url is required\n${USAGE}`);
  const origin = parseOrigin(args.url);
  const xml = rewriteManifest(fs.readFileSync(args.in, 'utf8'), origin);
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, xml);
  console.log(`wrote ${path.relative(process.cwd(), args.out) || args.out} for ${origin}`);
  return 0;
}

module.exports = { parseOrigin, rewriteManifest, DEV_ORIGIN };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`manifest: ${error.message}`);
    process.exitCode = 2;
  }
}
