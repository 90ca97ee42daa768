/** A band for colouring a score (heatmap cells, profiles); the number is always shown too. */
export function scoreBand(score: number | null): 'none' | 'low' | 'mid' | 'high' {
  if (score === null) return 'none';
  if (score < 50) return 'low';
  if (score < 75) return 'mid';
  return 'high';
}

export const bandLabels = {
  none: 'no score',
  low: 'below 50',
  mid: '50–74',
  high: '75 or more',
} as const;
