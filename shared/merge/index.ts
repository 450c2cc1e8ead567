/** The master merge: districts' rows for one period → the board's model. */
export { getPreviousPeriod, mergeReturns } from './merge-returns';
export { createTagger, tagUpdate } from './tag-update';
export { findUnchangedUpdates, indexPreviousUpdates, type PreviousUpdates } from './unchanged';
export type * from './types';
export {
  buildMasterStatus,
  districtReturnsFromStored,
  DistrictStatus,
  MasterStatus,
  MissingRefAction,
  MAX_STATUS_FINDINGS,
} from './status';
