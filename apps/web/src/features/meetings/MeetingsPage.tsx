import { useParams, useSearchParams } from 'react-router-dom';
import { SegmentedControl, Stack } from '@mantine/core';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { FollowUpBoard } from './FollowUpBoard.tsx';
import { MEETING_READERS } from './labels.ts';
import { MeetingList } from './MeetingList.tsx';
import { MeetingView } from './MeetingView.tsx';

/**
 * /meetings: the meetings of the user's region (calendar list) or, with ?view=board, the follow-up
 * board; /meetings/:id: one meeting with attendance, decisions and minutes. Agency heads, who only
 * own follow-ups, see their board.
 */
export default function MeetingsPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  usePageTitle(t('nav.meetings'));
  if (id) return <MeetingView id={id} />;
  const readsMeetings = MEETING_READERS.includes(user.role);
  const view = readsMeetings ? (params.get('view') ?? 'list') : 'board';
  return (
    <Stack gap="md">
      {readsMeetings && (
        <SegmentedControl
          value={view}
          onChange={(value) => setParams(value === 'list' ? {} : { view: value })}
          data={[
            { value: 'list', label: t('meetings.tab.list') },
            { value: 'board', label: t('meetings.tab.board') },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
      )}
      {view === 'board' ? <FollowUpBoard /> : <MeetingList />}
    </Stack>
  );
}
