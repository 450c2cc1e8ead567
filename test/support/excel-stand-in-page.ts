/**
 * The Excel stand-in bundled for a browser page: injected before the pane's scripts
 * (`page.addInitScript`), it becomes the workbook the task pane's adapter talks to, and the
 * test drives it as `window.excelStandIn`.
 */
import { build } from 'esbuild';

export async function bundleStandIn(): Promise<string> {
  const result = await build({
    stdin: {
      contents:
        "import { ExcelStandIn } from './excel-stand-in';\n" +
        'const excel = new ExcelStandIn({ hasTriggerSource: true });\n' +
        'globalThis.excelStandIn = excel;\n' +
        'globalThis.districtReturnsExcel = excel;\n',
      resolveDir: __dirname,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'error',
  });
  const bundle = result.outputFiles[0]?.text;
  if (!bundle) throw new Error('the Excel stand-in did not bundle');
  return bundle;
}
