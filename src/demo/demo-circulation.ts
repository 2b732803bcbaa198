// The demo network's circulation rules and seasonal hours (by codes; seeding resolves the ids). Also the
// rules every new network starts from: the "*, *, *" rule is DEFAULT_RULE.
import { DEFAULT_RULE, type CirculationRule } from '../domain/circulation/rules.js';
import type { OpeningHours } from '../domain/circulation/calendar.js';

export interface CodedRule {
  library: string | null;
  category: string | null;
  loanType: string | null;
  rule: CirculationRule;
}

export const DEMO_RULES: readonly CodedRule[] = [
  { library: null, category: null, loanType: null, rule: DEFAULT_RULE },
  // one-week loans (new books): 7 days, never renewed
  { library: null, category: null, loanType: '1SEM', rule: { ...DEFAULT_RULE, loanDays: 7, renewals: 0 } },
  // DVDs: 2 weeks, 4 at a time, renewed once; a day of suspension per day late
  { library: null, category: null, loanType: 'DVD', rule: { ...DEFAULT_RULE, loanDays: 14, maxLoansOfType: 4, renewals: 1, renewalDays: 14, suspensionDaysPerDay: 1 } },
  // reference copies: read in the library, never lent nor held
  { library: null, category: null, loanType: 'REF', rule: { ...DEFAULT_RULE, loanDays: 0, renewals: 0, holdsAllowed: false } },
  // children: 15 documents at a time
  { library: null, category: 'JEUNE', loanType: null, rule: { ...DEFAULT_RULE, maxLoansTotal: 15 } },
  // schools and associations: 6 weeks, 50 documents
  { library: null, category: 'COLLECTIVITE', loanType: null, rule: { ...DEFAULT_RULE, loanDays: 42, maxLoansTotal: 50, maxLoansOfType: 50, renewalDays: 42 } },
];

/** Summer hours of the central library (July and August). */
export const DEMO_SEASONS: ReadonlyArray<{ library: string; name: string; startMd: string; endMd: string; hours: OpeningHours }> = [
  {
    library: 'CENTRALE',
    name: 'Horaires d’été',
    startMd: '07-01',
    endMd: '08-31',
    hours: { tue: [['10:00', '13:00']], wed: [['10:00', '13:00'], ['14:00', '18:00']], fri: [['14:00', '18:00']], sat: [['10:00', '13:00']] },
  },
];
