import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import {
  READINESS_AREAS,
  READINESS_STATUSES,
  type ReadinessArea,
  type ReadinessItem,
  type ReadinessStatus,
} from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { DetailError } from '../../ui/DetailError.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { formatSpan } from '../elections/format.ts';
import { regionName } from '../regions/format.ts';
import { useAddItem, useChecklist, useUpdateItem, useUploadEvidence } from './api.ts';
import { AREA_KEYS, formatPct, pctColor, STATUS_COLORS, STATUS_KEYS } from './labels.ts';
import { AreaGrid, TotalBlock } from './ProgressBlocks.tsx';
import { CHECKLIST_MANAGERS, ITEM_UPDATERS } from './roles.ts';

function ItemRow({
  item,
  checklistId,
  editable,
}: {
  item: ReadinessItem;
  checklistId: string;
  editable: boolean;
}) {
  const { t, errorText } = useI18n();
  const update = useUpdateItem(checklistId);
  const upload = useUploadEvidence(checklistId);
  const [showEvidence, setShowEvidence] = useState(false);
  const [note, setNote] = useState(item.evidence.note ?? '');
  const owner = item.owner.user?.name ?? item.owner.institution;
  const error = update.error ?? upload.error;

  return (
    <Paper withBorder radius="sm" p="sm" data-item-id={item.id} data-status={item.status}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {item.title}
            </Text>
            {owner && (
              <Text size="xs" c="dimmed">
                {t('readiness.owner', { owner })}
              </Text>
            )}
          </div>
          {!editable && (
            <Badge color={STATUS_COLORS[item.status]} variant="light" style={{ flex: 'none' }}>
              {t(STATUS_KEYS[item.status])}
            </Badge>
          )}
        </Group>
        {editable && (
          <SegmentedControl
            fullWidth
            size="xs"
            aria-label={t('readiness.statusOf', { title: item.title })}
            value={item.status}
            color={STATUS_COLORS[item.status]}
            disabled={update.isPending}
            data={READINESS_STATUSES.map((status) => ({ value: status, label: t(STATUS_KEYS[status]) }))}
            onChange={(value) => update.mutate({ id: item.id, patch: { status: value as ReadinessStatus } })}
          />
        )}
        <Group gap="sm">
          {item.updatedBy && (
            <Text size="xs" c="dimmed">
              {t('readiness.updated', { name: item.updatedBy })}
            </Text>
          )}
          {item.evidence.file && (
            <Anchor
              size="xs"
              href={`/api/v1/readiness/items/${item.id}/evidence`}
              target="_blank"
              rel="noopener"
            >
              {t('readiness.evidence.file')}
            </Anchor>
          )}
          {(editable || item.evidence.note) && (
            <UnstyledButton onClick={() => setShowEvidence((open) => !open)}>
              <Text size="xs" c="blue" td="underline">
                {t('readiness.evidence.note')}
              </Text>
            </UnstyledButton>
          )}
        </Group>
        {showEvidence &&
          (editable ? (
            <Stack gap={6}>
              <Textarea
                aria-label={t('readiness.evidence.note')}
                value={note}
                onChange={(event) => setNote(event.currentTarget.value)}
                autosize
                minRows={2}
                maxLength={4000}
              />
              <Group gap="xs">
                <Button
                  size="xs"
                  variant="light"
                  loading={update.isPending}
                  onClick={() =>
                    update.mutate({
                      id: item.id,
                      patch: { evidenceNote: note.trim() === '' ? null : note.trim() },
                    })
                  }
                >
                  {t('readiness.evidence.save')}
                </Button>
                <FileButton
                  accept="image/jpeg,image/png,image/webp,application/pdf"
                  onChange={(file) => file && upload.mutate({ id: item.id, file })}
                >
                  {(props) => (
                    <Button {...props} size="xs" variant="default" loading={upload.isPending}>
                      {t('readiness.evidence.upload')}
                    </Button>
                  )}
                </FileButton>
              </Group>
            </Stack>
          ) : (
            <Text size="sm">{item.evidence.note}</Text>
          ))}
        {error && (
          <Alert color="red" p="xs">
            {errorText(error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function AddItemForm({ checklistId }: { checklistId: string }) {
  const { t, errorText } = useI18n();
  const add = useAddItem(checklistId);
  const [area, setArea] = useState<ReadinessArea>('logistics');
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const submit = () =>
    add.mutate(
      { area, title: title.trim(), ...(owner.trim() ? { ownerInstitution: owner.trim() } : {}) },
      {
        onSuccess: () => {
          setTitle('');
          setOwner('');
        },
      },
    );
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="xs">
        {t('readiness.addItem')}
      </Title>
      <Stack gap="xs">
        <Select
          label={t('readiness.addItem.area')}
          data={READINESS_AREAS.map((a) => ({ value: a, label: t(AREA_KEYS[a]) }))}
          value={area}
          onChange={(value) => value && setArea(value as ReadinessArea)}
          allowDeselect={false}
        />
        <TextInput
          label={t('readiness.addItem.title')}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          maxLength={300}
        />
        <TextInput
          label={t('readiness.addItem.owner')}
          value={owner}
          onChange={(event) => setOwner(event.currentTarget.value)}
          maxLength={200}
        />
        {add.isError && <Alert color="red">{errorText(add.error)}</Alert>}
        <Group justify="flex-end">
          <Button onClick={submit} loading={add.isPending} disabled={title.trim() === ''}>
            {t('readiness.addItem')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One checklist: progress per area, and the items with status toggles for those who report on them. */
export function ChecklistView({ id }: { id: string }) {
  const { t, locale, errorText } = useI18n();
  const user = useCurrentUser();
  const checklist = useChecklist(id);

  if (checklist.isPending) return <PageLoader />;
  if (checklist.isError)
    return (
      <DetailError message={errorText(checklist.error)} backTo="/readiness" backLabel={t('readiness.back')} />
    );
  const data = checklist.data;
  const editable = ITEM_UPDATERS.includes(user.role);

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/readiness" size="sm">
        ← {t('readiness.back')}
      </Anchor>
      <div>
        <Title order={1} size="h2" data-testid="checklist-region">
          {regionName(data.region.name)}
        </Title>
        <Text c="dimmed">
          {data.election.name} · {data.stage.name}
          {data.stage.startsOn && ` · ${formatSpan(data.stage.startsOn, data.stage.endsOn, locale)}`}
        </Text>
      </div>
      <TotalBlock total={data.total} testId="checklist-total" />
      <AreaGrid areas={data.areas} />
      {READINESS_AREAS.map((area) => {
        const items = data.items.filter((item) => item.area === area);
        const progress = data.areas.find((a) => a.area === area);
        if (items.length === 0) return null;
        return (
          <section key={area} data-area={area}>
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4">
                {t(AREA_KEYS[area])}
              </Title>
              <Text fw={800} c={pctColor(progress?.pct ?? null)} className="tabular">
                {formatPct(progress?.pct ?? null, locale)}
              </Text>
            </Group>
            <Stack gap="xs">
              {items.map((item) => (
                <ItemRow key={item.id} item={item} checklistId={data.id} editable={editable} />
              ))}
            </Stack>
          </section>
        );
      })}
      {CHECKLIST_MANAGERS.includes(user.role) && <AddItemForm checklistId={data.id} />}
    </Stack>
  );
}
