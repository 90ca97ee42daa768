import type { ScoringFeeStatus } from '../../db/schema';

/** "$125.00" */
export function formatFee(cents: number) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
}

export const feeStatusLabels: Record<ScoringFeeStatus, string> = {
  due: 'Fee due',
  paid: 'Paid',
  waived: 'Waived',
};
