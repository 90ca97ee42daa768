export type DisplayRole = 'facilitator' | 'coach' | 'participant' | 'org-admin';

export const roleLabels: Record<DisplayRole, string> = {
  facilitator: 'Facilitator',
  coach: 'Coach',
  participant: 'Participant',
  'org-admin': 'Org admin',
};

export const statusLabels: Record<string, string> = {
  forming: 'Forming',
  assessing: 'Pre-assessment',
  learning: 'Learning',
  sharing: 'Share-out',
  completed: 'Completed',
  archived: 'Archived',
  invited: 'Invited',
  active: 'Active',
  waitlisted: 'Waitlisted',
  withdrawn: 'Withdrawn',
};
