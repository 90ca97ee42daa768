import { describe, expect, it } from 'vitest';
import {
  scoreAnswer,
  scoreCompetencies,
  summarizeCompetencies,
  type GivenAnswer,
  type ScoredItem,
} from './scoring.server';

const rating = (itemId: string, value: number): GivenAnswer => ({
  itemId,
  rating: value,
  choices: null,
  text: null,
});
const choose = (itemId: string, ...choices: number[]): GivenAnswer => ({
  itemId,
  rating: null,
  choices,
  text: null,
});
const write = (itemId: string, text: string): GivenAnswer => ({
  itemId,
  rating: null,
  choices: null,
  text,
});

const items: ScoredItem[] = [
  { id: 's1', competencyId: 'C1', kind: 'self-rating', optionCount: 4, correct: [] },
  { id: 's2', competencyId: 'C1', kind: 'self-rating', optionCount: 4, correct: [] },
  { id: 'k1', competencyId: 'C1', kind: 'single-choice', optionCount: 4, correct: [2] },
  { id: 'm1', competencyId: 'C1', kind: 'multi-choice', optionCount: 5, correct: [0, 3] },
  { id: 'o1', competencyId: 'C2', kind: 'open-text', optionCount: 0, correct: [] },
  { id: 's3', competencyId: 'C3', kind: 'self-rating', optionCount: 4, correct: [] },
];
const item = (id: string) => items.find((candidate) => candidate.id === id)!;

describe('scoring one answer', () => {
  it('maps the four self-rating levels onto 0–100', () => {
    const values = [1, 2, 3, 4].map((level) => scoreAnswer(item('s1'), rating('s1', level)));
    expect(values.map((value) => Math.round(value!))).toEqual([0, 33, 67, 100]);
  });

  it('gives a single choice all or nothing', () => {
    expect(scoreAnswer(item('k1'), choose('k1', 2))).toBe(100);
    expect(scoreAnswer(item('k1'), choose('k1', 1))).toBe(0);
  });

  it('gives partial credit on multiple choice, and nothing for ticking every box', () => {
    expect(scoreAnswer(item('m1'), choose('m1', 0, 3))).toBe(100);
    expect(scoreAnswer(item('m1'), choose('m1', 0))).toBe(50);
    expect(scoreAnswer(item('m1'), choose('m1', 0, 1))).toBe(0);
    expect(scoreAnswer(item('m1'), choose('m1', 0, 1, 2, 3, 4))).toBe(0);
  });

  it('leaves open text and unanswered items unscored', () => {
    expect(scoreAnswer(item('o1'), write('o1', 'We line up by table.'))).toBeNull();
    expect(scoreAnswer(item('k1'), undefined)).toBeNull();
    expect(scoreAnswer(item('m1'), choose('m1'))).toBeNull();
    expect(scoreAnswer(item('s1'), rating('s1', 7))).toBeNull();
  });
});

describe('a competency profile', () => {
  it('averages self-ratings and knowledge separately, then weighs them equally', () => {
    const [c1] = scoreCompetencies(['C1'], items, [
      rating('s1', 4),
      rating('s2', 2),
      choose('k1', 2),
      choose('m1', 0),
    ]);
    // self (100 + 33.3) / 2 = 66.7; knowledge (100 + 50) / 2 = 75; combined 70.8
    expect(c1).toEqual({
      competencyId: 'C1',
      score: 71,
      selfRating: 67,
      knowledge: 75,
      answered: 4,
    });
  });

  it('leaves unanswered items out instead of counting them as zero', () => {
    const [c1] = scoreCompetencies(['C1'], items, [rating('s1', 3)]);
    expect(c1).toMatchObject({ score: 67, selfRating: 67, knowledge: null, answered: 1 });
  });

  it('gives no score to a competency with only open-text items, or with nothing answered', () => {
    const profile = scoreCompetencies(['C2', 'C3'], items, [write('o1', 'Morning meeting.')]);
    expect(profile).toEqual([
      { competencyId: 'C2', score: null, selfRating: null, knowledge: null, answered: 1 },
      { competencyId: 'C3', score: null, selfRating: null, knowledge: null, answered: 0 },
    ]);
  });

  it('counts only the latest answer when an answer was changed', () => {
    const first = scoreCompetencies(['C3'], items, [rating('s3', 1)]);
    const changed = scoreCompetencies(['C3'], items, [rating('s3', 4)]);
    expect(first[0]!.score).toBe(0);
    expect(changed[0]!.score).toBe(100);
  });

  it('ignores answers to items of other competencies or unknown items', () => {
    const [c3] = scoreCompetencies(['C3'], items, [rating('s1', 4), rating('nope', 4)]);
    expect(c3!.score).toBeNull();
  });
});

describe('the cohort summary', () => {
  it('gives mean, spread, range and how many are below 50, over people with a score', () => {
    const profiles = [
      [{ competencyId: 'C1', score: 20, selfRating: null, knowledge: 20, answered: 1 }],
      [{ competencyId: 'C1', score: 60, selfRating: null, knowledge: 60, answered: 1 }],
      [{ competencyId: 'C1', score: null, selfRating: null, knowledge: null, answered: 0 }],
    ];
    expect(summarizeCompetencies(['C1'], profiles)).toEqual([
      { competencyId: 'C1', scored: 2, mean: 40, spread: 20, min: 20, max: 60, below50: 1 },
    ]);
  });

  it('is empty but well-formed for a cohort with no submissions', () => {
    expect(summarizeCompetencies(['C1', 'C2'], [])).toEqual([
      { competencyId: 'C1', scored: 0, mean: null, spread: null, min: null, max: null, below50: 0 },
      { competencyId: 'C2', scored: 0, mean: null, spread: null, min: null, max: null, below50: 0 },
    ]);
  });
});
