import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { MeetingSummary } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { useInvitations, useMeetings } from './api.ts';
import { CreateMeetingModal } from './CreateMeetingModal.tsx';
import { formatMeetingTime, KIND_KEYS, MEETING_EDITORS } from './labels.ts';

/** "2024-11" of a meeting in its own zone (startsAt carries the region's offset). */
const monthOf = (m: MeetingSummary) => m.startsAt.slice(0, 7);

function MeetingCard({ meeting }: { meeting: MeetingSummary }) {
  const { t, locale } = useI18n();
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component={Link}
      to={`/meetings/${meeting.id}`}
      data-meeting-id={meeting.id}
      style={{ textDecoration: 'none', color: 'inherit', display: 'block' }}
    >
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Text fw={600}>{meeting.title}</Text>
          <Text size="sm" c="dimmed">
            {formatMeetingTime(
              meeting.startsAt,
              meeting.region.timezone,
              meeting.region.timezoneAbbreviation,
              locale,
            )}
          </Text>
          <Text size="sm" c="dimmed">
            {regionName(meeting.region.name)}
            {meeting.venue ? ` · ${meeting.venue}` : ''}
          </Text>
        </div>
        <Badge variant="light" style={{ flex: 'none' }}>
          {t(KIND_KEYS[meeting.kind])}
        </Badge>
      </Group>
      <Group gap="xs" mt={6}>
        <Text size="xs" c="dimmed">
          {t('meetings.counts', {
            attended: meeting.attendedCount,
            participants: meeting.participantCount,
            decisions: meeting.decisionCount,
          })}
        </Text>
        {meeting.openFollowUps > 0 && (
          <Badge size="xs" variant="light" color="blue">
            {t('meetings.openFollowUps', { n: meeting.openFollowUps })}
          </Badge>
        )}
        {meeting.overdueFollowUps > 0 && (
          <Badge size="xs" color="red">
            {t('meetings.overdueFollowUps', { n: meeting.overdueFollowUps })}
          </Badge>
        )}
      </Group>
    </Paper>
  );
}

/** The region's meetings by month, newest first, with a search box and (for officers) "new meeting". */
export function MeetingList() {
  const { t, locale, errorText } = useI18n();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState('');
  const meetings = useMeetings({});
  const invitations = useInvitations();

  if (meetings.isPending) return <PageLoader />;
  if (meetings.isError) return <Alert color="red">{errorText(meetings.error)}</Alert>;
  const needle = q.trim().toLowerCase();
  const items = meetings.data.items.filter(
    (m) =>
      needle === '' ||
      m.title.toLowerCase().includes(needle) ||
      (m.venue ?? '').toLowerCase().includes(needle),
  );
  const months = new Map<string, MeetingSummary[]>();
  for (const m of items) months.set(monthOf(m), [...(months.get(monthOf(m)) ?? []), m]);
  const monthLabel = (month: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
  const upcomingInvitations = (invitations.data?.items ?? []).filter(
    (i) => new Date(i.meeting.startsAt).getTime() > Date.now(),
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          {t('meetings.title')}
        </Title>
        {MEETING_EDITORS.includes(user.role) && (
          <Button onClick={() => setCreating(true)} data-testid="new-meeting">
            {t('meetings.new')}
          </Button>
        )}
      </Group>
      {upcomingInvitations.length > 0 && (
        <Alert color="blue" title={t('meetings.invitations')}>
          <Stack gap={4}>
            {upcomingInvitations.map((i) => (
              <Text key={i.participantId} size="sm" component={Link} to={`/meetings/${i.meeting.id}`}>
                {i.meeting.title} —{' '}
                {formatMeetingTime(
                  i.meeting.startsAt,
                  i.meeting.region.timezone,
                  i.meeting.region.timezoneAbbreviation,
                  locale,
                )}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <TextInput
        placeholder={t('meetings.search')}
        aria-label={t('meetings.search')}
        value={q}
        onChange={(event) => setQ(event.currentTarget.value)}
        maxLength={100}
      />
      {items.length === 0 && <Text c="dimmed">{t('meetings.empty')}</Text>}
      {[...months].map(([month, list]) => (
        <Stack key={month} gap="xs">
          <Title order={3} size="h5" c="dimmed" tt="capitalize">
            {monthLabel(month)}
          </Title>
          {list.map((m) => (
            <MeetingCard key={m.id} meeting={m} />
          ))}
        </Stack>
      ))}
      {creating && (
        <CreateMeetingModal
          opened
          onClose={() => setCreating(false)}
          onCreated={(meeting) => {
            setCreating(false);
            void navigate(`/meetings/${meeting.id}`);
          }}
        />
      )}
    </Stack>
  );
}
