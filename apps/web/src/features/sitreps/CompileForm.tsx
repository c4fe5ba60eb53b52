import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { sitrepCreateSchema, type Region } from '@sinergi/shared';
import { isApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { useToday } from '../elections/today.ts';
import { regionName } from '../regions/format.ts';
import { RegionPicker } from '../regions/RegionSearch.tsx';
import { useCompileSitrep } from './api.ts';
import { lastSevenDays } from './labels.ts';

/**
 * "Compile new": the officer's own region (a province or a regency; an admin picks one) and a
 * period, the last seven days unless changed. The server gathers the figures into a draft.
 */
export function CompileForm() {
  const { t, errorText } = useI18n();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { today } = useToday(user.timezone);
  const compile = useCompileSitrep();
  const ownRegion = user.scope.level === 1 || user.scope.level === 2;
  const [picked, setPicked] = useState<Region | null>(null);
  const defaults = lastSevenDays(today);
  const [periodStart, setPeriodStart] = useState(defaults.periodStart);
  const [periodEnd, setPeriodEnd] = useState(defaults.periodEnd);
  const regionCode = ownRegion ? user.scope.code : picked?.code;
  const pickable = picked === null || picked.level === 1 || picked.level === 2;

  const parsed = sitrepCreateSchema.safeParse({ regionCode, periodStart, periodEnd });
  const serverIssues = isApiError(compile.error) ? compile.error.fieldIssues() : {};
  const bothDates = periodStart !== '' && periodEnd !== '';
  const periodError =
    bothDates && periodStart > periodEnd
      ? t('sitreps.compile.order')
      : bothDates && Date.parse(periodEnd) - Date.parse(periodStart) > 92 * 86_400_000
        ? t('sitreps.compile.tooLong')
        : (serverIssues.periodEnd?.message ?? serverIssues.periodStart?.message);

  const submit = () => {
    if (!parsed.success) return;
    compile.mutate(parsed.data, { onSuccess: (sitrep) => void navigate(`/sitreps/${sitrep.id}`) });
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="sitrep-compile">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {t('sitreps.compile.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('sitreps.compile.hint')}
          </Text>
        </div>
        {ownRegion ? (
          <Text size="sm">
            {t('sitreps.compile.region')}: <strong>{regionName(user.scope.name)}</strong>
          </Text>
        ) : (
          <RegionPicker
            label={t('sitreps.compile.region')}
            value={picked}
            onChange={setPicked}
            required
            error={pickable ? serverIssues.regionCode?.message : t('sitreps.compile.regionLevel')}
          />
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t('sitreps.compile.periodStart')}
            type="date"
            value={periodStart}
            onChange={(event) => setPeriodStart(event.currentTarget.value)}
            required
            data-testid="sitrep-period-start"
          />
          <TextInput
            label={t('sitreps.compile.periodEnd')}
            type="date"
            value={periodEnd}
            onChange={(event) => setPeriodEnd(event.currentTarget.value)}
            required
            error={periodError}
            data-testid="sitrep-period-end"
          />
        </SimpleGrid>
        {compile.isError && Object.keys(serverIssues).length === 0 && (
          <Alert color="red">{errorText(compile.error)}</Alert>
        )}
        <Group justify="flex-end">
          <Button
            onClick={submit}
            loading={compile.isPending}
            disabled={!parsed.success || !pickable}
            data-testid="sitrep-compile-submit"
          >
            {t('sitreps.compile.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
