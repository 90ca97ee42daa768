import { planSections, sectionLabels, type PlanContent, type PlanSection } from './content';
import { diffWords, hasChanges, type DiffPart } from './diff';
import type { listVersions } from './plans.server';

type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];

/** steps as readable lines, so a change to one step shows as a change to one line */
export function stepsAsText(steps: PlanContent['steps']) {
  return steps
    .map((step, index) =>
      [
        `${index + 1}. ${step.action}`,
        step.owner ? `who: ${step.owner}` : '',
        step.due ? `by ${step.due}` : '',
        step.resources ? `needs: ${step.resources}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    )
    .join('\n');
}

function sectionText(content: PlanContent, section: PlanSection) {
  return section === 'steps' ? stepsAsText(content.steps) : content[section];
}

export interface HistoryChange {
  section: PlanSection;
  label: string;
  parts: DiffPart[];
}

export interface HistoryEntry {
  key: string;
  title: string;
  at: string | null;
  changes: HistoryChange[];
  review: {
    decision: 'accepted' | 'revision-requested';
    reviewerName: string | null;
    reviewedAt: string | null;
    notes: { label: string; note: string }[];
  } | null;
}

function changesBetween(before: PlanContent, after: PlanContent): HistoryChange[] {
  return planSections
    .map((section) => ({
      section,
      label: sectionLabels[section],
      parts: diffWords(sectionText(before, section), sectionText(after, section)),
    }))
    .filter((change) => hasChanges(change.parts));
}

const EMPTY: PlanContent = { goal: '', measure: '', steps: [], support: '', context: '' };

/**
 * The plan's history, newest first: unsubmitted changes (while it is editable), then each
 * submitted version compared with the one before it, with the coach's notes on it.
 */
export function diffPlans(
  current: PlanContent,
  currentIsDraft: boolean,
  versionsNewestFirst: VersionRow[],
): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const latest = versionsNewestFirst[0];
  if (currentIsDraft) {
    const changes = changesBetween(latest ?? EMPTY, current);
    if (changes.length > 0) {
      entries.push({
        key: 'draft',
        title: latest
          ? `Changes since version ${latest.number} (not submitted yet)`
          : 'Draft (not submitted yet)',
        at: null,
        changes,
        review: null,
      });
    }
  }
  versionsNewestFirst.forEach((version, index) => {
    const previous = versionsNewestFirst[index + 1];
    const notes = (
      [
        ['goal', version.goalNote],
        ['measure', version.measureNote],
        ['steps', version.stepsNote],
        ['support', version.supportNote],
        ['context', version.contextNote],
      ] as const
    )
      .filter(([, note]) => note && note.trim())
      .map(([section, note]) => ({ label: sectionLabels[section], note: note ?? '' }));
    if (version.overallNote?.trim()) notes.unshift({ label: 'Overall', note: version.overallNote });
    entries.push({
      key: version.id,
      title: `Version ${version.number}`,
      at: new Date(version.submittedAt).toISOString(),
      changes: changesBetween(previous ?? EMPTY, version),
      review: version.decision
        ? {
            decision: version.decision,
            reviewerName: version.reviewerName,
            reviewedAt: version.reviewedAt ? new Date(version.reviewedAt).toISOString() : null,
            notes,
          }
        : null,
    });
  });
  return entries;
}
