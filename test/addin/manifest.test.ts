/**
 * The manifest checked offline (Microsoft's validator needs a web service this machine cannot
 * reach): well-formed XML, the schema's element order, every resid defined, HTTPS URLs only,
 * a GUID id; and the deployment script rewriting every URL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const root = join(__dirname, '..', '..');
const manifestPath = join(root, 'manifest.xml');

function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlElement[] = [];
  let top: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)?.children.push(element);
    stack.push(element);
    top ??= element;
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  if (!top) throw new Error('no root element');
  return top;
}

function walk(element: XmlElement, visit: (e: XmlElement) => void): void {
  visit(element);
  element.children.forEach((child) => walk(child, visit));
}

function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.find((c) => c.name === name);
  if (!found) throw new Error(`${element.name} has no ${name}`);
  return found;
}

/** True when `names` appear in the same relative order as in `order` (names not listed fail). */
function isInSchemaOrder(names: string[], order: string[]): boolean {
  const positions = names.map((n) => order.indexOf(n));
  return positions.every((p, i) => p >= 0 && (i === 0 || p >= positions[i - 1]!));
}

const OFFICE_APP_ORDER = [
  'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl',
  'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions',
  'AllowSnapshot', 'VersionOverrides',
];
const DESKTOP_ORDER = ['GetStarted', 'FunctionFile', 'ExtensionPoint'];
const CONTROL_ORDER = ['Label', 'Supertip', 'Icon', 'Action'];
const RESOURCES_ORDER = ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings'];

describe('manifest.xml', () => {
  const xml = readFileSync(manifestPath, 'utf8');
  const app = parseXml(xml);

  it('is a well-formed task pane manifest for Excel workbooks with read/write access', () => {
    expect(app.name).toBe('OfficeApp');
    expect(app.attributes['xsi:type']).toBe('TaskPaneApp');
    expect(child(child(app, 'Hosts'), 'Host').attributes.Name).toBe('Workbook');
    expect(child(app, 'Permissions').text.trim()).toBe('ReadWriteDocument');
  });

  it('has a GUID id', () => {
    expect(child(app, 'Id').text.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  });

  it('declares ExcelApi 1.8 as the lowest requirement set', () => {
    const set = child(child(child(app, 'Requirements'), 'Sets'), 'Set');
    expect(set.attributes).toMatchObject({ Name: 'ExcelApi', MinVersion: '1.8' });
  });

  it('keeps its elements in the schema order', () => {
    expect(isInSchemaOrder(app.children.map((c) => c.name), OFFICE_APP_ORDER)).toBe(true);
    const desktop = child(child(child(child(app, 'VersionOverrides'), 'Hosts'), 'Host'), 'DesktopFormFactor');
    expect(isInSchemaOrder(desktop.children.map((c) => c.name), DESKTOP_ORDER)).toBe(true);
    const resources = child(child(app, 'VersionOverrides'), 'Resources');
    expect(isInSchemaOrder(resources.children.map((c) => c.name), RESOURCES_ORDER)).toBe(true);
    walk(app, (e) => {
      if (e.name === 'Control') expect(isInSchemaOrder(e.children.map((c) => c.name), CONTROL_ORDER)).toBe(true);
    });
  });

  it('puts a button on the Home tab that opens the task pane', () => {
    const tabs: XmlElement[] = [];
    walk(app, (e) => e.name === 'OfficeTab' && tabs.push(e));
    expect(tabs.map((t) => t.attributes.id)).toEqual(['TabHome']);
    const actions: XmlElement[] = [];
    walk(tabs[0]!, (e) => e.name === 'Action' && actions.push(e));
    expect(actions.map((a) => a.attributes['xsi:type'])).toEqual(['ShowTaskpane']);
  });

  it('defines every resid it uses, in the right kind of resource', () => {
    const defined = new Map<string, string>();
    walk(child(child(app, 'VersionOverrides'), 'Resources'), (e) => {
      if (e.attributes.id) defined.set(e.attributes.id, e.name);
    });
    const used: XmlElement[] = [];
    walk(app, (e) => e.attributes.resid !== undefined && used.push(e));
    expect(used.length).toBeGreaterThan(5);
    for (const element of used) {
      const kind = defined.get(element.attributes.resid!);
      expect({ resid: element.attributes.resid, kind }).toEqual({ resid: element.attributes.resid, kind: expect.any(String) });
      if (element.name === 'bt:Image') expect(kind).toBe('bt:Image');
      if (['SourceLocation', 'FunctionFile', 'LearnMoreUrl'].includes(element.name)) expect(kind).toBe('bt:Url');
    }
  });

  it('uses HTTPS for every URL, on localhost:3000 for development', () => {
    const urls: string[] = [];
    walk(app, (e) => {
      for (const [name, value] of Object.entries(e.attributes)) if (!name.startsWith('xmlns') && /^\w+:\/\//.test(value)) urls.push(value);
      if (e.name === 'AppDomain') urls.push(e.text.trim());
    });
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls) expect(url).toMatch(/^https:\/\/localhost:3000(\/|$)/);
  });

  it('points at icons that exist in assets/ as real PNGs', () => {
    const icons: string[] = [];
    walk(app, (e) => {
      const value = e.attributes.DefaultValue ?? '';
      if (value.endsWith('.png')) icons.push(value.replace('https://localhost:3000/', ''));
    });
    expect(icons.length).toBeGreaterThanOrEqual(4);
    for (const icon of icons) {
      const bytes = readFileSync(join(root, icon));
      expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
      const size = bytes.readUInt32BE(16);
      expect(icon).toContain(`icon-${size}.png`);
    }
  });
});

describe('npm run manifest', () => {
  const script = join(root, 'scripts', 'manifest.js');

  it('rewrites every URL for a real host name into the output file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dr-manifest-')), 'manifest.xml');
    execFileSync(process.execPath, [script, '--url', 'https://returns.example.org/', '-o', out], { stdio: 'pipe' });
    const written = readFileSync(out, 'utf8');
    expect(written).not.toContain('localhost');
    expect(written.match(/https:\/\/returns\.example\.org\//g)?.length).toBeGreaterThan(8);
    expect(parseXml(written).name).toBe('OfficeApp');
  });

  it.each([
    ['http://returns.example.org', 'must use https'],
    ['https://returns.example.org/addin', 'origin only'],
    ['not a url', 'not a URL'],
  ])('refuses %s', (url, reason) => {
    const result = spawnSync(process.execPath, [script, '--url', url, '-o', join(tmpdir(), 'never.xml')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(reason);
  });
});
