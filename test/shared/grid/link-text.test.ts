/**
 * A cell that is a link keeps its address visible beside its text (shared/grid/link-text.ts),
 * as the board's printed copy needs it: only web and mail addresses, never twice, never an
 * in-workbook link. The workbook reader's side is test/server/workbook/read-links.test.ts.
 */
import { isPrintableAddress, withLinkAddress } from '../../../shared/grid/link-text';

test.each([
  ['https://example.org/plan', true],
  ['http://example.org', true],
  ['HTTPS://EXAMPLE.ORG/PLAN', true],
  ['  https://example.org/plan  ', true],
  ['mailto:forum@example.org', true],
  ['MailTo:forum@example.org', true],
  ['ftp://files.example.org/report.pdf', true],
  ['#Return!A1', false],
  ['Return!A1', false],
  ['javascript:alert(1)', false],
  ['file:///C:/plans/plan.docx', false],
  ['https://', false],
  ['mailto:', false],
  ['https://example.org/our plan', false],
  ['see https://example.org/plan', false],
  ['', false],
])('%j is an address a printed page can show: %s', (address, printable) => {
  expect(isPrintableAddress(address)).toBe(printable);
});

test.each([
  ['our plan', 'https://example.org/plan', 'our plan (https://example.org/plan)'],
  ['our plan', '  https://example.org/plan ', 'our plan (https://example.org/plan)'],
  ['the forum', 'mailto:forum@example.org', 'the forum (forum@example.org)'],
  ['the forum', 'MAILTO:forum@example.org', 'the forum (forum@example.org)'],
  ['', 'https://example.org/plan', 'https://example.org/plan'],
  // Only a leading "mailto:" is dropped: one inside a web address is part of it.
  ['contact form', 'https://example.org/contact?via=mailto:forum@example.org', 'contact form (https://example.org/contact?via=mailto:forum@example.org)'],
  ['   ', 'mailto:forum@example.org', 'forum@example.org'],
  ['see below', '#Return!A1', 'see below'],
  ['our plan', undefined, 'our plan'],
  ['Plan', 'javascript:alert(1)', 'Plan'],
  // The text already shows the address, however it is cased or ends: not repeated.
  ['See https://example.org/plan', 'https://example.org/plan/', 'See https://example.org/plan'],
  ['See HTTPS://EXAMPLE.ORG/PLAN/', 'https://example.org/plan', 'See HTTPS://EXAMPLE.ORG/PLAN/'],
  ['Write to forum@example.org', 'mailto:forum@example.org', 'Write to forum@example.org'],
  ['https://example.org/plan//', 'https://example.org/plan', 'https://example.org/plan//'],
  ['https://example.org/plan', 'https://example.org/plan//', 'https://example.org/plan'],
  // Only trailing slashes are forgiven: another address, or the same one in the middle of a word, is shown.
  ['See https://example.org/plans', 'https://example.org/plan/x', 'See https://example.org/plans (https://example.org/plan/x)'],
  ['https://example.org', 'https://example.org/plan', 'https://example.org (https://example.org/plan)'],
  ['forum', 'mailto:forum@example.org', 'forum (forum@example.org)'],
])('withLinkAddress(%j, %j) is %j', (text, address, shown) => {
  expect(withLinkAddress(text, address)).toBe(shown);
});
