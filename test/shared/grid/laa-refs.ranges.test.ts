/**
 * What an officer is offered for a range typed as one ref (shared/grid/laa-refs.ts suggest()):
 * a range whose ends are not in the catalogue still gets the nearest entry, and a range too long
 * to spell out gets no list of thirty refs.
 */
import { DEFAULT_CONFIG } from '../../../shared';
import { createRefCatalogue } from '../../../shared/grid/laa-refs';

const catalogue = createRefCatalogue(DEFAULT_CONFIG.laaRefs);

test('a range with no entry of its own is offered the nearest entry of its family', () => {
  expect(catalogue.suggest('CG 4-5')).toEqual(['CG4.2']);
});

test('a range longer than the catalogue spells out is not listed entry by entry', () => {
  expect(catalogue.suggest('CYP 1-40')).toEqual([]);
  expect(catalogue.suggest('CYP 1-29')).toEqual(['CYP1', 'CYP2', 'CYP3', 'CYP4', 'CYP5', 'CYP6', 'CYP7', 'CYP8']);
});
