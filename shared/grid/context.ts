/**
 * What the reader and the rules need from the configuration, indexed once per configuration
 * (outcome labels, aim codes and wording, the LAA catalogue), so reading a 10,000-row grid
 * does no repeated searching.
 */
import { DEFAULT_COLUMN_LABELS, type Aim, type Outcome, type PartnershipConfig } from '../config/schema';
import { labelKey } from '../text/normalise';
import { compileHeaderLabels, type HeaderLabels } from './header';
import { createRefCatalogue, type RefCatalogue } from './laa-refs';

export interface GridContext {
  readonly config: PartnershipConfig;
  readonly catalogue: RefCatalogue;
  /** The configuration's header wordings (`columns`), compiled for matching. */
  readonly headerLabels: HeaderLabels;
  /** Exact label match: name, alias or code letter. */
  matchOutcome(text: string): Outcome | undefined;
  /** An outcome named somewhere inside a longer text: a title line or a sheet name. */
  findOutcomeIn(text: string): Outcome | undefined;
  outcomeByCode(code: string): Outcome | undefined;
  aimByCode(code: string): { aim: Aim; outcome: Outcome } | undefined;
  /** An aim by its wording (official or a configured paraphrase), preferring the given outcome. */
  aimByWording(text: string, outcome: Outcome | undefined): { aim: Aim; outcome: Outcome } | undefined;
}

const cache = new WeakMap<PartnershipConfig, GridContext>();
const MIN_CONTAINED_LABEL = 6;

export function getGridContext(config: PartnershipConfig): GridContext {
  const cached = cache.get(config);
  if (cached) return cached;
  const byLabel = new Map<string, Outcome>();
  const byCode = new Map<string, Outcome>();
  const aimsByCode = new Map<string, { aim: Aim; outcome: Outcome }>();
  const aimsByWording = new Map<string, { aim: Aim; outcome: Outcome }[]>();
  const contained: { key: string; outcome: Outcome }[] = [];
  for (const outcome of config.outcomes) {
    byCode.set(outcome.code, outcome);
    byLabel.set(outcome.code.toLowerCase(), outcome);
    for (const label of [outcome.name, ...outcome.aliases]) {
      const key = labelKey(label);
      byLabel.set(key, outcome);
      if (key.length >= MIN_CONTAINED_LABEL) contained.push({ key, outcome });
    }
    for (const aim of outcome.aims) {
      aimsByCode.set(aim.code, { aim, outcome });
      for (const wording of [aim.name, ...aim.aliases]) {
        const key = labelKey(wording);
        const list = aimsByWording.get(key) ?? [];
        list.push({ aim, outcome });
        aimsByWording.set(key, list);
      }
    }
  }
  contained.sort((a, b) => b.key.length - a.key.length);
  const context: GridContext = {
    config,
    catalogue: createRefCatalogue(config.laaRefs),
    // A configuration object built in code rather than parsed may lack the table: use the defaults.
    headerLabels: compileHeaderLabels(config.columns ?? DEFAULT_COLUMN_LABELS),
    matchOutcome: (text) => byLabel.get(labelKey(text)),
    findOutcomeIn(text) {
      const key = labelKey(text);
      // An alias of punctuation only ("-") has the key '' too: a blank title names no outcome.
      if (key === '') return undefined;
      return byLabel.get(key) ?? contained.find((c) => key.includes(c.key))?.outcome;
    },
    // Codes mostly arrive in the configuration's spelling: look those up without a copy.
    outcomeByCode: (code) => byCode.get(code) ?? byCode.get(code.toUpperCase()),
    aimByCode: (code) => aimsByCode.get(code) ?? aimsByCode.get(code.toUpperCase()),
    aimByWording(text, outcome) {
      const list = aimsByWording.get(labelKey(text));
      if (!list) return undefined;
      return list.find((entry) => entry.outcome === outcome) ?? list[0];
    },
  };
  cache.set(config, context);
  return context;
}
