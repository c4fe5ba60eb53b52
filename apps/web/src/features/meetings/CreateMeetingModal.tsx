import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { MEETING_KINDS, type Meeting, type MeetingKind, type Region } from '@sinergi/shared';
import { isApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { useRegion } from '../regions/api.ts';
import { RegionPicker } from '../regions/RegionSearch.tsx';
import { useCreateMeeting, useLegalBases } from './api.ts';
import { KIND_KEYS } from './labels.ts';

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (meeting: Meeting) => void;
}

/** A new meeting: the time is typed as the region's wall-clock time, which the API reads in its zone. */
export function CreateMeetingModal({ opened, onClose, onCreated }: Props) {
  const { t, errorText } = useI18n();
  const user = useCurrentUser();
  const scope = useRegion(user.scope.level >= 1 && user.scope.level <= 3 ? user.scope.code : undefined);
  const [picked, setPicked] = useState<Region | null | undefined>(undefined);
  const region = picked === undefined ? (scope.data ?? null) : picked;
  const legalBases = useLegalBases(region?.code);
  const create = useCreateMeeting();
  const [kind, setKind] = useState<MeetingKind>('rakor');
  const [title, setTitle] = useState('');
  const [theme, setTheme] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [venue, setVenue] = useState('');
  const [bases, setBases] = useState<string[]>([]);
  const [agenda, setAgenda] = useState('');
  const [chairName, setChairName] = useState('');
  const [chairPosition, setChairPosition] = useState('');
  const issues = isApiError(create.error) ? create.error.fieldIssues() : {};

  const submit = () => {
    if (!region) return;
    const chair =
      chairName.trim() && chairPosition.trim()
        ? { name: chairName.trim(), position: chairPosition.trim() }
        : undefined;
    create.mutate(
      {
        regionCode: region.code,
        kind,
        title: title.trim(),
        startsAt,
        ...(theme.trim() ? { theme: theme.trim() } : {}),
        ...(venue.trim() ? { venue: venue.trim() } : {}),
        ...(bases.length ? { legalBases: bases } : {}),
        ...(agenda.trim()
          ? {
              agenda: agenda
                .trim()
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean),
            }
          : {}),
        ...(chair ? { chair } : {}),
      },
      { onSuccess: onCreated },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('meetings.new')} size="lg" fullScreen={false}>
      <Stack gap="sm">
        <RegionPicker
          label={t('meetings.field.region')}
          value={region}
          onChange={setPicked}
          required
          error={issues.regionCode?.message}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('meetings.field.kind')}
            data={MEETING_KINDS.map((k) => ({ value: k, label: t(KIND_KEYS[k]) }))}
            value={kind}
            onChange={(value) => value && setKind(value as MeetingKind)}
            allowDeselect={false}
          />
          <TextInput
            label={t('meetings.field.startsAt', { zone: region?.timezoneAbbreviation ?? '' })}
            type="datetime-local"
            value={startsAt}
            onChange={(event) => setStartsAt(event.currentTarget.value)}
            required
            error={issues.startsAt ? t('meetings.field.startsAt.invalid') : undefined}
            data-testid="meeting-starts-at"
          />
        </SimpleGrid>
        <TextInput
          label={t('meetings.field.title')}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          required
          maxLength={300}
          error={issues.title?.message}
        />
        <Textarea
          label={t('meetings.field.theme')}
          value={theme}
          onChange={(event) => setTheme(event.currentTarget.value)}
          autosize
          minRows={1}
          maxLength={1000}
        />
        <TextInput
          label={t('meetings.field.venue')}
          value={venue}
          onChange={(event) => setVenue(event.currentTarget.value)}
          maxLength={300}
        />
        <MultiSelect
          label={t('meetings.field.legalBases')}
          data={(legalBases.data?.items ?? []).map((l) => ({
            value: l.id,
            label: `${l.citation} — ${l.title}`,
          }))}
          value={bases}
          onChange={setBases}
          searchable
          clearable
        />
        <Textarea
          label={t('meetings.field.agenda')}
          description={t('meetings.field.agenda.hint')}
          value={agenda}
          onChange={(event) => setAgenda(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('meetings.field.chairName')}
            value={chairName}
            onChange={(event) => setChairName(event.currentTarget.value)}
            maxLength={200}
          />
          <TextInput
            label={t('meetings.field.chairPosition')}
            value={chairPosition}
            onChange={(event) => setChairPosition(event.currentTarget.value)}
            maxLength={200}
          />
        </SimpleGrid>
        {create.isError && <Alert color="red">{errorText(create.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            onClick={submit}
            loading={create.isPending}
            disabled={!region || title.trim() === '' || startsAt === ''}
            data-testid="create-meeting"
          >
            {t('meetings.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
