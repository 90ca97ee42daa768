import type { AssessmentItemKind } from '../../db/schema';

/**
 * How a pre-assessment becomes a competency profile (0–100 per competency).
 *
 * 1. Each answered item gets a value from 0 to 100:
 *    - self-rating (levels 1–4): (level − 1) / 3 × 100, so 1 → 0, 2 → 33, 3 → 67, 4 → 100;
 *    - single choice: 100 when the chosen option is the right one, 0 otherwise;
 *    - multiple choice: (right options chosen − wrong options chosen) / right options × 100,
 *      never below 0, so ticking every box earns nothing;
 *    - open text: no value; the coach reads it.
 * 2. Per competency, the self-ratings are averaged (S) and the knowledge items, single and
 *    multiple choice, are averaged (K). The score is the mean of S and K when both exist,
 *    otherwise whichever exists, rounded to a whole number.
 * 3. Unanswered items are left out rather than counted as zero: the profile describes what a
 *    person told us. A competency with no answered self-rating or knowledge item (for example
 *    one assessed only by open text) has no score (null), shown as "—".
 * 4. Only the latest answer to an item counts: changing an answer replaces it.
 */

export interface ScoredItem {
  id: string;
  competencyId: string;
  kind: AssessmentItemKind;
  /** number of options (choice items) */
  optionCount: number;
  /** indexes of the right options (choice items) */
  correct: number[];
}

export interface GivenAnswer {
  itemId: string;
  rating: number | null;
  choices: number[] | null;
  text: string | null;
}

export interface CompetencyScore {
  competencyId: string;
  score: number | null;
  selfRating: number | null;
  knowledge: number | null;
  answered: number;
}

/** The 0–100 value of one answer, or null when the item is unscored or unanswered. */
export function scoreAnswer(item: ScoredItem, answer: GivenAnswer | undefined): number | null {
  if (!answer) return null;
  switch (item.kind) {
    case 'self-rating': {
      const rating = answer.rating;
      if (rating === null || !Number.isInteger(rating) || rating < 1 || rating > 4) return null;
      return ((rating - 1) / 3) * 100;
    }
    case 'single-choice': {
      const chosen = answer.choices?.[0];
      if (chosen === undefined) return null;
      return item.correct.includes(chosen) ? 100 : 0;
    }
    case 'multi-choice': {
      if (!answer.choices || answer.choices.length === 0 || item.correct.length === 0) return null;
      const chosen = new Set(answer.choices);
      let right = 0;
      let wrong = 0;
      for (const option of chosen) {
        if (item.correct.includes(option)) right += 1;
        else wrong += 1;
      }
      return Math.max(0, ((right - wrong) / item.correct.length) * 100);
    }
    case 'open-text':
      return null;
  }
}

function mean(values: number[]) {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** One person's profile: a score (or null) for every competency, in the order given. */
export function scoreCompetencies(
  competencyIds: string[],
  items: ScoredItem[],
  answers: GivenAnswer[],
): CompetencyScore[] {
  const byItem = new Map(answers.map((answer) => [answer.itemId, answer]));
  return competencyIds.map((competencyId) => {
    const selfValues: number[] = [];
    const knowledgeValues: number[] = [];
    let answered = 0;
    for (const item of items) {
      if (item.competencyId !== competencyId) continue;
      const answer = byItem.get(item.id);
      if (answer && hasContent(answer)) answered += 1;
      const value = scoreAnswer(item, answer);
      if (value === null) continue;
      if (item.kind === 'self-rating') selfValues.push(value);
      else knowledgeValues.push(value);
    }
    const selfRating = mean(selfValues);
    const knowledge = mean(knowledgeValues);
    const parts = [selfRating, knowledge].filter((part): part is number => part !== null);
    const combined = mean(parts);
    return {
      competencyId,
      score: combined === null ? null : Math.round(combined),
      selfRating: selfRating === null ? null : Math.round(selfRating),
      knowledge: knowledge === null ? null : Math.round(knowledge),
      answered,
    };
  });
}

export function hasContent(answer: GivenAnswer) {
  return (
    answer.rating !== null ||
    (answer.choices !== null && answer.choices.length > 0) ||
    (answer.text !== null && answer.text.trim() !== '')
  );
}

export interface CompetencySummary {
  competencyId: string;
  /** people with a score for this competency */
  scored: number;
  mean: number | null;
  /** population standard deviation, rounded */
  spread: number | null;
  min: number | null;
  max: number | null;
  below50: number;
}

/** Cohort mean, spread and range per competency over everyone who has a score. */
export function summarizeCompetencies(
  competencyIds: string[],
  profiles: CompetencyScore[][],
): CompetencySummary[] {
  return competencyIds.map((competencyId) => {
    const scores = profiles
      .map((profile) => profile.find((entry) => entry.competencyId === competencyId)?.score)
      .filter((score): score is number => typeof score === 'number');
    const average = mean(scores);
    const variance = average === null ? null : mean(scores.map((score) => (score - average) ** 2));
    return {
      competencyId,
      scored: scores.length,
      mean: average === null ? null : Math.round(average),
      spread: variance === null ? null : Math.round(Math.sqrt(variance)),
      min: scores.length === 0 ? null : Math.min(...scores),
      max: scores.length === 0 ? null : Math.max(...scores),
      below50: scores.filter((score) => score < 50).length,
    };
  });
}
