import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { MEETING_INSTITUTIONS, type Meeting, type Participant } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { DetailError } from '../../ui/DetailError.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import {
  minutesUrl,
  useAddDecision,
  useAddParticipant,
  useMeeting,
  useRemoveParticipant,
  useUpdateParticipant,
} from './api.ts';
import { FollowUpCard } from './FollowUpCard.tsx';
import { formatMeetingTime, KIND_KEYS, MEETING_EDITORS } from './labels.ts';

/** One attendee row, made for a phone: tap "present", or record who came on their behalf. */
function AttendeeRow({
  meetingId,
  participant,
  editable,
}: {
  meetingId: string;
  participant: Participant;
  editable: boolean;
}) {
  const { t, errorText } = useI18n();
  const update = useUpdateParticipant(meetingId);
  const remove = useRemoveParticipant(meetingId);
  const [representing, setRepresenting] = useState(false);
  const [name, setName] = useState('');
  const [position, setPosition] = useState('');
  const saveRepresentative = () =>
    update.mutate(
      {
        id: participant.id,
        patch: {
          name: name.trim(),
          position: position.trim(),
          representing: `${participant.position} (${participant.name})`,
          attended: true,
        },
      },
      { onSuccess: () => setRepresenting(false) },
    );
  return (
    <Paper
      withBorder
      radius="sm"
      p="sm"
      data-participant={participant.name}
      data-attended={participant.attended}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} size="sm">
            {participant.name}
          </Text>
          <Text size="xs" c="dimmed">
            {participant.position} · {participant.institution}
          </Text>
          {participant.representing && (
            <Text size="xs" c="blue">
              {t('meetings.attendance.onBehalfOf', { who: participant.representing })}
            </Text>
          )}
        </div>
        {editable ? (
          <Button
            size="sm"
            variant={participant.attended ? 'filled' : 'default'}
            color={participant.attended ? 'green' : 'gray'}
            loading={update.isPending && !representing}
            onClick={() => update.mutate({ id: participant.id, patch: { attended: !participant.attended } })}
            aria-pressed={participant.attended}
            aria-label={t('meetings.attendance.toggle', { name: participant.name })}
            style={{ flex: 'none', minWidth: 96 }}
          >
            {participant.attended ? t('meetings.attendance.present') : t('meetings.attendance.absent')}
          </Button>
        ) : (
          <Badge color={participant.attended ? 'green' : 'gray'} variant="light" style={{ flex: 'none' }}>
            {participant.attended ? t('meetings.attendance.present') : t('meetings.attendance.absent')}
          </Badge>
        )}
      </Group>
      {editable && !representing && (
        <Group gap="xs" mt={6}>
          <Anchor component="button" size="xs" onClick={() => setRepresenting(true)}>
            {t('meetings.attendance.representedBy')}
          </Anchor>
          <Anchor component="button" size="xs" c="red" onClick={() => remove.mutate(participant.id)}>
            {t('meetings.attendance.remove')}
          </Anchor>
        </Group>
      )}
      {representing && (
        <Stack gap={6} mt="xs">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <TextInput
              size="sm"
              label={t('meetings.attendance.representative')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              maxLength={200}
            />
            <TextInput
              size="sm"
              label={t('meetings.field.position')}
              value={position}
              onChange={(event) => setPosition(event.currentTarget.value)}
              maxLength={200}
            />
          </SimpleGrid>
          <Group gap="xs">
            <Button
              size="xs"
              onClick={saveRepresentative}
              disabled={!name.trim() || !position.trim()}
              loading={update.isPending}
            >
              {t('meetings.save')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setRepresenting(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
      {(update.error ?? remove.error) && (
        <Alert color="red" p="xs" mt="xs">
          {errorText(update.error ?? remove.error)}
        </Alert>
      )}
    </Paper>
  );
}

function AddParticipantForm({ meetingId }: { meetingId: string }) {
  const { t, errorText } = useI18n();
  const add = useAddParticipant(meetingId);
  const [name, setName] = useState('');
  const [position, setPosition] = useState('');
  const [institution, setInstitution] = useState('');
  const [attended, setAttended] = useState(false);
  const submit = () =>
    add.mutate(
      { name: name.trim(), position: position.trim(), institution: institution.trim(), attended },
      {
        onSuccess: () => {
          setName('');
          setPosition('');
          setInstitution('');
          setAttended(false);
        },
      },
    );
  return (
    <Paper withBorder radius="md" p="sm">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('meetings.attendance.add')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <TextInput
            label={t('meetings.field.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={200}
          />
          <TextInput
            label={t('meetings.field.position')}
            value={position}
            onChange={(e) => setPosition(e.currentTarget.value)}
            maxLength={200}
          />
          <Autocomplete
            label={t('meetings.field.institution')}
            data={[...MEETING_INSTITUTIONS]}
            value={institution}
            onChange={setInstitution}
            maxLength={200}
          />
        </SimpleGrid>
        <Group justify="space-between">
          <Checkbox
            label={t('meetings.attendance.present')}
            checked={attended}
            onChange={(e) => setAttended(e.currentTarget.checked)}
          />
          <Button
            size="sm"
            onClick={submit}
            loading={add.isPending}
            disabled={!name.trim() || !position.trim() || !institution.trim()}
            data-testid="add-participant"
          >
            {t('meetings.attendance.addButton')}
          </Button>
        </Group>
        {add.isError && <Alert color="red">{errorText(add.error)}</Alert>}
      </Stack>
    </Paper>
  );
}

function AddDecisionForm({ meeting }: { meeting: Meeting }) {
  const { t, errorText } = useI18n();
  const add = useAddDecision(meeting.id);
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const withFollowUp = title.trim() !== '' || owner.trim() !== '' || dueOn !== '';
  const submit = () =>
    add.mutate(
      {
        text: text.trim(),
        ...(withFollowUp
          ? { followUps: [{ title: title.trim(), assignee: { institution: owner.trim() }, dueOn }] }
          : {}),
      },
      {
        onSuccess: () => {
          setText('');
          setTitle('');
          setOwner('');
          setDueOn('');
        },
      },
    );
  return (
    <Paper withBorder radius="md" p="sm">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('meetings.decision.add')}
        </Text>
        <Textarea
          label={t('meetings.decision.text')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={5000}
        />
        <Text size="xs" c="dimmed">
          {t('meetings.decision.followUpHint', { zone: meeting.region.timezoneAbbreviation })}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <TextInput
            label={t('meetings.followUp.title')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            maxLength={500}
          />
          <Autocomplete
            label={t('meetings.followUp.owner')}
            data={[...MEETING_INSTITUTIONS]}
            value={owner}
            onChange={setOwner}
            maxLength={200}
          />
          <TextInput
            label={t('meetings.followUp.dueOn')}
            type="date"
            value={dueOn}
            onChange={(e) => setDueOn(e.currentTarget.value)}
            data-testid="follow-up-due"
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button
            size="sm"
            onClick={submit}
            loading={add.isPending}
            disabled={!text.trim() || (withFollowUp && (!title.trim() || !owner.trim() || !dueOn))}
            data-testid="add-decision"
          >
            {t('meetings.decision.addButton')}
          </Button>
        </Group>
        {add.isError && <Alert color="red">{errorText(add.error)}</Alert>}
      </Stack>
    </Paper>
  );
}

/** A meeting: particulars, attendance, decisions with follow-ups, and the minutes to download. */
export function MeetingView({ id }: { id: string }) {
  const { t, locale, errorText } = useI18n();
  const user = useCurrentUser();
  const meeting = useMeeting(id);
  if (meeting.isPending) return <PageLoader />;
  if (meeting.isError)
    return (
      <DetailError message={errorText(meeting.error)} backTo="/meetings" backLabel={t('meetings.back')} />
    );
  const m = meeting.data;
  const editable = MEETING_EDITORS.includes(user.role);
  const attended = m.participants.filter((p) => p.attended).length;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/meetings" size="sm">
        ← {t('meetings.back')}
      </Anchor>
      <Paper withBorder radius="md" p="md">
        <Stack gap={4}>
          <Group justify="space-between" align="flex-start">
            <Badge variant="light">{t(KIND_KEYS[m.kind])}</Badge>
            <Button
              component="a"
              href={minutesUrl(m.id)}
              download
              variant="light"
              size="sm"
              data-testid="minutes"
            >
              {t('meetings.minutes')}
            </Button>
          </Group>
          <Title order={2} size="h3">
            {m.title}
          </Title>
          {m.theme && <Text size="sm">{m.theme}</Text>}
          <Text size="sm" c="dimmed">
            {formatMeetingTime(m.startsAt, m.region.timezone, m.region.timezoneAbbreviation, locale)} ·{' '}
            {regionName(m.region.name)}
          </Text>
          {m.venue && <Text size="sm">{m.venue}</Text>}
          {m.link && (
            <Anchor href={m.link} target="_blank" rel="noopener noreferrer" size="sm">
              {m.link}
            </Anchor>
          )}
          {m.legalBases.length > 0 && (
            <Text size="xs" c="dimmed">
              {t('meetings.field.legalBases')}: {m.legalBases.map((l) => l.citation).join(', ')}
            </Text>
          )}
          {m.agenda.length > 0 && (
            <Stack gap={0} mt={4}>
              <Text size="sm" fw={600}>
                {t('meetings.field.agenda')}
              </Text>
              {m.agenda.map((item, i) => (
                <Text key={i} size="sm">
                  {i + 1}. {item}
                </Text>
              ))}
            </Stack>
          )}
        </Stack>
      </Paper>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('meetings.attendance')}{' '}
          <Text span c="dimmed" size="sm">
            {t('meetings.attendance.count', { attended, total: m.participants.length })}
          </Text>
        </Title>
        {m.participants.length === 0 && <Text c="dimmed">{t('meetings.attendance.empty')}</Text>}
        {m.participants.map((p) => (
          <AttendeeRow key={p.id} meetingId={m.id} participant={p} editable={editable} />
        ))}
        {editable && <AddParticipantForm meetingId={m.id} />}
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('meetings.decisions')}
        </Title>
        {m.decisions.length === 0 && <Text c="dimmed">{t('meetings.decisions.empty')}</Text>}
        {m.decisions.map((d) => (
          <Paper key={d.id} withBorder radius="md" p="sm" data-decision={d.number}>
            <Text size="sm" fw={600}>
              {d.number}. {d.text}
            </Text>
            <Stack gap="xs" mt={d.followUps.length ? 'xs' : 0}>
              {d.followUps.map((f) => (
                <FollowUpCard key={f.id} followUp={f} compact />
              ))}
            </Stack>
          </Paper>
        ))}
        {editable && <AddDecisionForm meeting={m} />}
      </Stack>
    </Stack>
  );
}
