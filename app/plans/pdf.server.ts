import type { AppLoadContext } from '@remix-run/node';
import { PdfLayout, MUTED, pdfResponse } from '../pdf/layout.server';
import { requireCohortRole } from '../permissions/permissions.server';
import {
  formatStepDue,
  isStepEmpty,
  sectionLabels,
  statusLabels,
  type PlanContent,
} from './content';
import { requirePlan } from './pages.server';
import { listSharedPlans } from './gallery.server';

interface PrintablePlan {
  authorName: string;
  unitTitle: string;
  statusLine?: string;
  content: PlanContent;
}

/** One plan's sections, starting where the layout stands. */
function writePlan(layout: PdfLayout, plan: PrintablePlan) {
  layout.text(plan.unitTitle, { size: 10, color: MUTED, after: 2 });
  layout.heading(`${plan.authorName}’s action plan`, 1);
  if (plan.statusLine) layout.text(plan.statusLine, { size: 10, color: MUTED });
  layout.rule();
  const section = (label: string, text: string) => {
    layout.heading(label, 2);
    layout.text(text.trim() || 'Not written yet.', { italic: !text.trim() });
  };
  section(sectionLabels.goal, plan.content.goal);
  section(sectionLabels.measure, plan.content.measure);
  layout.heading(sectionLabels.steps, 2);
  const steps = plan.content.steps.filter((step) => !isStepEmpty(step));
  if (steps.length === 0) layout.text('No steps yet.', { italic: true });
  steps.forEach((step, index) => {
    layout.text(`${index + 1}. ${step.action || '(no action written)'}`, { bold: true, after: 2 });
    const details = [
      step.owner ? `Who: ${step.owner}` : null,
      step.due ? `By when: ${formatStepDue(step.due)}` : null,
      step.resources ? `Resources: ${step.resources}` : null,
    ].filter(Boolean);
    if (details.length > 0)
      layout.text(details.join('   ·   '), { size: 10, indent: 14, color: MUTED });
  });
  section(sectionLabels.support, plan.content.support);
  section(sectionLabels.context, plan.content.context);
}

export async function renderPlanPdf(plan: PrintablePlan, cohortName: string) {
  const layout = await PdfLayout.create({
    title: `Action plan: ${plan.unitTitle}`,
    author: plan.authorName,
  });
  writePlan(layout, plan);
  layout.footer((page, total) => `${cohortName} · ${plan.authorName} · page ${page} of ${total}`);
  return layout.save();
}

const TOC_ENTRIES_PER_PAGE = 26;

/** Cover, table of contents, then each plan starting on its own page. */
export async function renderBookletPdf(input: { cohortName: string; plans: PrintablePlan[] }) {
  const layout = await PdfLayout.create({ title: `${input.cohortName}: action plans` });
  layout.space(180);
  layout.text('Action plans', { size: 14, color: MUTED, after: 6 });
  layout.heading(input.cohortName, 1);
  layout.text(
    `${input.plans.length} shared ${input.plans.length === 1 ? 'plan' : 'plans'} from the cohort’s participants.`,
    { color: MUTED },
  );
  const tocPageCount = Math.max(1, Math.ceil(input.plans.length / TOC_ENTRIES_PER_PAGE));
  const tocStart = layout.newPage();
  for (let index = 1; index < tocPageCount; index += 1) layout.newPage();
  const starts: number[] = [];
  for (const plan of input.plans) {
    starts.push(layout.newPage());
    writePlan(layout, plan);
  }
  input.plans.forEach((plan, index) => {
    const tocPage = tocStart + Math.floor(index / TOC_ENTRIES_PER_PAGE);
    if (index % TOC_ENTRIES_PER_PAGE === 0) {
      layout.goTo(tocPage);
      layout.heading(tocPage === tocStart ? 'Contents' : 'Contents (continued)', 1);
    }
    layout.entry(`${plan.authorName} — ${plan.unitTitle}`, String(starts[index] ?? ''));
  });
  if (input.plans.length === 0) {
    layout.goTo(tocStart);
    layout.heading('Contents', 1);
    layout.text('No plan is shared yet.', { italic: true });
  }
  layout.footer((page) => `${input.cohortName} · ${page}`, 2);
  return layout.save();
}

function fileSlug(value: string) {
  return value
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

export async function planPdfResponse(
  context: AppLoadContext,
  request: Request,
  params: { cohortId?: string; planId?: string },
) {
  const { cohort, plan } = await requirePlan(context, request, params);
  const bytes = await renderPlanPdf(
    {
      authorName: plan.authorName,
      unitTitle: plan.unitTitle,
      statusLine: `${statusLabels[plan.status]}${plan.sharedAt ? ' · shared with the cohort' : ''}`,
      content: {
        goal: plan.goal,
        measure: plan.measure,
        steps: plan.steps,
        support: plan.support,
        context: plan.context,
      },
    },
    cohort.name,
  );
  return pdfResponse(
    bytes,
    `action-plan-${fileSlug(plan.authorName)}-${fileSlug(plan.unitTitle)}.pdf`,
  );
}

export async function bookletPdfResponse(
  context: AppLoadContext,
  request: Request,
  params: { cohortId?: string },
) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'view');
  const plans = await listSharedPlans(context.db, { cohortId: cohort.id });
  const bytes = await renderBookletPdf({
    cohortName: cohort.name,
    plans: plans.map((plan) => ({
      authorName: plan.authorName,
      unitTitle: plan.unitTitle,
      content: {
        goal: plan.goal,
        measure: plan.measure,
        steps: plan.steps,
        support: plan.support,
        context: plan.context,
      },
    })),
  });
  return pdfResponse(bytes, `action-plans-${fileSlug(cohort.name)}.pdf`);
}
