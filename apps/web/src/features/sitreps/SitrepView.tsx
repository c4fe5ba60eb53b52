import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { NATIONAL_CODE, sitrepNarrativeSchema, type Sitrep, type TimeZoneId } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { LevelPatterns } from '../../map/levels.tsx';
import { DetailError } from '../../ui/DetailError.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { useRegion } from '../regions/api.ts';
import { regionName } from '../regions/format.ts';
import { sitrepDocumentUrl, useCompileSitrep, useSaveNarrative, useSitrep, useSubmitSitrep } from './api.ts';
import { SitrepFiguresView } from './Figures.tsx';
import { formatInstant, formatPeriod, mayAuthor, mayReview, STATUS_COLORS, STATUS_KEYS } from './labels.ts';
import { ReviewActions } from './ReviewActions.tsx';

/** The narrative of a draft: typed here, saved on demand, saved once more before it is sent. */
function NarrativeEditor({ sitrep }: { sitrep: Sitrep }) {
  const { t, errorText } = useI18n();
  const save = useSaveNarrative(sitrep.id);
  const submit = useSubmitSitrep(sitrep.id);
  const [text, setText] = useState(sitrep.narrative);
  const [confirming, setConfirming] = useState(false);
  const dirty = text !== sitrep.narrative;
  const valid = sitrepNarrativeSchema.safeParse({ narrative: text }).success;
  const parent = useRegion(sitrep.parentCode === NATIONAL_CODE ? undefined : sitrep.parentCode);
  const parentName =
    sitrep.parentCode === NATIONAL_CODE
      ? t('sitreps.ministry')
      : parent.data
        ? regionName(parent.data.name)
        : t('sitreps.parentRegion');

  const send = async () => {
    if (dirty) await save.mutateAsync(text);
    await submit.mutateAsync();
    setConfirming(false);
  };

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="xs">
        <Textarea
          label={t('sitreps.narrative')}
          description={t('sitreps.narrative.hint')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          autosize
          minRows={6}
          maxRows={24}
          maxLength={20_000}
          data-testid="sitrep-narrative"
        />
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed" aria-live="polite" data-testid="sitrep-save-state">
            {save.isPending
              ? t('sitreps.narrative.saving')
              : dirty
                ? t('sitreps.narrative.unsaved')
                : t('sitreps.narrative.saved')}
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              onClick={() => save.mutate(text)}
              disabled={!dirty || !valid}
              loading={save.isPending && !confirming}
              data-testid="sitrep-save"
            >
              {t('sitreps.narrative.save')}
            </Button>
            <Button onClick={() => setConfirming(true)} disabled={!valid} data-testid="sitrep-submit">
              {t('sitreps.submit')}
            </Button>
          </Group>
        </Group>
        {save.isError && !confirming && <Alert color="red">{errorText(save.error)}</Alert>}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('sitreps.submit.title')}>
        <Stack gap="sm">
          <Text size="sm">{t('sitreps.submit.confirm', { to: parentName, version: sitrep.version })}</Text>
          {text.trim() === '' && (
            <Alert color="yellow" p="xs">
              {t('sitreps.submit.emptyNarrative')}
            </Alert>
          )}
          {(save.isError || submit.isError) && (
            <Alert color="red">{errorText(save.error ?? submit.error)}</Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={save.isPending || submit.isPending}
              onClick={() => void send().catch(() => undefined)}
              data-testid="sitrep-submit-confirm"
            >
              {t('sitreps.submit.send')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** Compiles the same region and period again: the new draft supersedes this one once it is sent. */
function NewVersionButton({ sitrep }: { sitrep: Sitrep }) {
  const { t, errorText } = useI18n();
  const navigate = useNavigate();
  const compile = useCompileSitrep();
  return (
    <Stack gap={4}>
      <Button
        variant="light"
        loading={compile.isPending}
        onClick={() =>
          compile.mutate(
            { regionCode: sitrep.regionCode, periodStart: sitrep.periodStart, periodEnd: sitrep.periodEnd },
            { onSuccess: (next) => void navigate(`/sitreps/${next.id}`) },
          )
        }
        data-testid="sitrep-new-version"
      >
        {t('sitreps.newVersion')}
      </Button>
      {compile.isError && <Alert color="red">{errorText(compile.error)}</Alert>}
    </Stack>
  );
}

/** One sitrep: particulars, documents, the narrative (editable while a draft), review and the figures. */
export function SitrepView({ id }: { id: string }) {
  const { t, locale, errorText } = useI18n();
  const user = useCurrentUser();
  const query = useSitrep(id);
  if (query.isPending) return <PageLoader />;
  if (query.isError)
    return <DetailError message={errorText(query.error)} backTo="/sitreps" backLabel={t('sitreps.back')} />;
  const s = query.data;
  const timezone = s.figures.region.timezone as TimeZoneId;
  const author = mayAuthor(user, s.regionCode);
  const editable = author && s.status === 'draft';

  return (
    <Stack gap="md" className="sitrep-view" data-status={s.status} data-version={s.version}>
      <LevelPatterns />
      <Anchor component={Link} to="/sitreps" size="sm" className="sitrep-no-print">
        ← {t('sitreps.back')}
      </Anchor>
      <Paper withBorder radius="md" p="md">
        <Stack gap={6}>
          <Group justify="space-between" align="flex-start" gap="xs">
            <Group gap={6}>
              <Badge color={STATUS_COLORS[s.status]} variant="filled" data-testid="sitrep-status">
                {t(STATUS_KEYS[s.status])}
              </Badge>
              <Badge variant="outline" color="dark" data-testid="sitrep-version">
                {t('sitreps.version', { version: s.version })}
              </Badge>
            </Group>
            <Group gap="xs" className="sitrep-no-print">
              <Button
                component="a"
                href={sitrepDocumentUrl(s.id, 'pdf')}
                download
                variant="light"
                size="xs"
                data-testid="sitrep-pdf"
              >
                {t('sitreps.download.pdf')}
              </Button>
              <Button
                component="a"
                href={sitrepDocumentUrl(s.id, 'xlsx')}
                download
                variant="light"
                size="xs"
                data-testid="sitrep-xlsx"
              >
                {t('sitreps.download.xlsx')}
              </Button>
            </Group>
          </Group>
          <Title order={2} size="h3">
            {t('sitreps.detail.title', { region: regionName(s.regionName) })}
          </Title>
          <Text size="sm" data-testid="sitrep-period">
            {t('sitreps.period', { period: formatPeriod(s.periodStart, s.periodEnd, locale) })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('sitreps.compiledBy', {
              at: formatInstant(s.figures.compiledAt, timezone, locale),
              name: s.createdBy,
            })}
          </Text>
          {s.submittedAt && (
            <Text size="xs" c="dimmed">
              {t('sitreps.submittedAt', { at: formatInstant(s.submittedAt, timezone, locale) })}
            </Text>
          )}
          {s.reviewedAt && (
            <Text size="xs" c="dimmed">
              {t('sitreps.reviewedAt', { at: formatInstant(s.reviewedAt, timezone, locale) })}
            </Text>
          )}
        </Stack>
      </Paper>

      {s.status === 'returned' && (
        <Alert color="orange" title={t('sitreps.returned.title')} data-testid="sitrep-review-note">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {s.reviewNote}
          </Text>
          {author && !s.supersededBy && (
            <Text size="sm" mt={4}>
              {t('sitreps.returned.hint')}
            </Text>
          )}
        </Alert>
      )}
      {s.supersededBy && (
        <Alert color="gray" data-testid="sitrep-superseded">
          {t('sitreps.supersededBy')}{' '}
          <Anchor component={Link} to={`/sitreps/${s.supersededBy}`}>
            {t('sitreps.openNewer')}
          </Anchor>
        </Alert>
      )}
      {s.supersedes && (
        <Text size="xs" c="dimmed" className="sitrep-no-print">
          {t('sitreps.supersedes')}{' '}
          <Anchor component={Link} to={`/sitreps/${s.supersedes}`} size="xs">
            {t('sitreps.openPrevious')}
          </Anchor>
        </Text>
      )}

      {editable ? (
        <NarrativeEditor key={s.id} sitrep={s} />
      ) : (
        <Paper withBorder radius="md" p="md">
          <Stack gap={4}>
            <Text fw={600} size="sm">
              {t('sitreps.narrative')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="sitrep-narrative-text">
              {s.narrative.trim() || t('sitreps.narrative.empty')}
            </Text>
          </Stack>
        </Paper>
      )}

      {s.status === 'submitted' && mayReview(user, s.parentCode) && (
        <Paper withBorder radius="md" p="md" className="sitrep-no-print">
          <Stack gap="xs">
            <Text fw={600} size="sm">
              {t('sitreps.review.title')}
            </Text>
            <ReviewActions sitrep={s} />
          </Stack>
        </Paper>
      )}
      {author && s.status !== 'draft' && !s.supersededBy && (
        <Group className="sitrep-no-print">
          <NewVersionButton sitrep={s} />
        </Group>
      )}

      <SitrepFiguresView figures={s.figures} />
    </Stack>
  );
}
