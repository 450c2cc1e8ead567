import {
  countLines,
  findLineStarts,
  MAX_LINES_PER_ROW,
  MAX_ROW_HEIGHT_PT,
  rowHeightFor,
  splitIntoPieces,
} from '../../../server/workbook/text-lines';

describe('lines a wrapped cell needs', () => {
  it('counts explicit line breaks and empty paragraphs', () => {
    expect(countLines('', 20)).toBe(1);
    expect(countLines('SC7\nHC3', 12)).toBe(2);
    expect(countLines('One.\n\nTwo.', 40)).toBe(3);
  });

  it('wraps at spaces: wider text, more lines; a wider column, fewer', () => {
    const text = 'Positive results from the Arts Award project held at Markfield, which targeted young offenders. '.repeat(6);
    const narrow = countLines(text, 30);
    const wide = countLines(text, 80);
    expect(narrow).toBeGreaterThan(wide);
    // ~580 characters of Arial 10 at about 6.3 px each in 80 × 7 px: at least 6 lines, and not absurdly many.
    expect(wide).toBeGreaterThanOrEqual(6);
    expect(wide).toBeLessThanOrEqual(10);
    // Every line starts at a word, never inside one.
    for (const start of findLineStarts(text, 30).slice(1)) expect(text[start - 1]).toBe(' ');
  });

  it('measures wide letters as wider than narrow ones', () => {
    expect(countLines('W'.repeat(120), 40)).toBeGreaterThan(countLines('i'.repeat(120), 40));
  });

  it('breaks a word longer than the line inside it', () => {
    expect(countLines('x'.repeat(2000), 20)).toBeGreaterThan(10);
  });

  it('gives rows 12.75 pt a line, at most Excel’s 409 pt', () => {
    expect(rowHeightFor(1)).toBeGreaterThanOrEqual(12.75);
    expect(rowHeightFor(3)).toBeGreaterThanOrEqual(3 * 12.75);
    expect(rowHeightFor(500)).toBe(MAX_ROW_HEIGHT_PT);
    expect(rowHeightFor(MAX_LINES_PER_ROW)).toBeLessThan(MAX_ROW_HEIGHT_PT);
  });
});

describe('a text too long for one row', () => {
  const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}: the district reports progress on this action in some detail.`);
  const text = paragraphs.join('\n\n');

  it('is cut into pieces that each fit a row, keeping every word in order', () => {
    const pieces = splitIntoPieces(text, 50, 20);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(countLines(piece, 50)).toBeLessThanOrEqual(20);
    expect(pieces.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
  });

  it('is cut between paragraphs where one is near the end of a piece', () => {
    for (const piece of splitIntoPieces(text, 50, 20)) expect(piece).toMatch(/^Paragraph \d+:.*detail\.$/s);
  });

  it('is one piece when it fits', () => {
    expect(splitIntoPieces('Short.', 50, 20)).toEqual(['Short.']);
  });
});
