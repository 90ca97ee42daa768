/** invited = has an account but never chose a password */
export type PersonStatus = 'active' | 'invited' | 'deactivated' | 'deleted';

export const personStatusLabels: Record<PersonStatus, string> = {
  active: 'Active',
  invited: 'Invited, no password yet',
  deactivated: 'Deactivated',
  deleted: 'Deleted',
};
