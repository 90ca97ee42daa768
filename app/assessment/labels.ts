import type { AssessmentItemKind } from '../../db/schema';

export const kindLabels: Record<AssessmentItemKind, string> = {
  'self-rating': 'Self-rating (1–4)',
  'single-choice': 'Single choice',
  'multi-choice': 'Multiple choice',
  'open-text': 'Open text',
};
