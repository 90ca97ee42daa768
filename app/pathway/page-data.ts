import type { useLoaderData } from '@remix-run/react';
import type { loadPathwayPage } from './pages.server';

/** what the pathway page's loader sends, for the participant's view or the editor */
export type PathwayPageData = ReturnType<typeof useLoaderData<typeof loadPathwayPage>>;
export type PathwayStaffData = Extract<PathwayPageData, { view: 'staff' }>;
export type PathwayParticipantData = Extract<PathwayPageData, { view: 'participant' }>;
export type EditorModule = PathwayStaffData['pathway']['units'][number]['modules'][number];
