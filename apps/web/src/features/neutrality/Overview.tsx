import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { pledgeCampaignCreateSchema, NATIONAL_CODE } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { documentUrl, useCampaigns, useCreateCampaign, useRollup } from './api.ts';
import { NEUTRALITY_OFFICERS, ProgressTiles, usePct, useDay } from './labels.tsx';

/** Officers and readers: the roll-up of the regions below (province, ministry) and the campaigns. */
export function Overview() {
  const { t, errorText } = useI18n();
  const user = useCurrentUser();
  const campaigns = useCampaigns();
  const scope = user.scope.code;
  const rollup = useRollup(scope);
  const [creating, setCreating] = useState(false);
  const day = useDay();
  const mayManage = (NEUTRALITY_OFFICERS as readonly string[]).includes(user.role);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('neutrality.title')}
        </Title>
        {mayManage && (
          <Group gap="xs">
            <Button variant="default" component={Link} to="/neutrality/agencies">
              {t('neutrality.agencies.title')}
            </Button>
            <Button onClick={() => setCreating(true)}>{t('neutrality.campaign.create')}</Button>
          </Group>
        )}
      </Group>

      {rollup.data && (
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4">
              {t('neutrality.rollup.title')} · {regionName(rollup.data.region.name)}
            </Title>
            <Group gap="xs">
              <Button
                size="xs"
                component="a"
                variant="default"
                href={documentUrl('/api/v1/pledge-campaigns/rollup.xlsx', { region: scope })}
              >
                {t('neutrality.export.xlsx')}
              </Button>
              <Button
                size="xs"
                component="a"
                variant="default"
                href={documentUrl('/api/v1/pledge-campaigns/rollup.pdf', { region: scope })}
              >
                {t('neutrality.export.pdf')}
              </Button>
            </Group>
          </Group>
          <ProgressTiles progress={rollup.data.totals} />
          {rollup.data.items.length > 1 || (rollup.data.region.level <= 1 && rollup.data.items.length > 0) ? (
            <RollupTable rows={rollup.data.items} />
          ) : null}
        </Stack>
      )}
      {rollup.isError && <Alert color="red">{errorText(rollup.error)}</Alert>}

      <Title order={2} size="h4">
        {t('neutrality.campaigns')}
      </Title>
      {campaigns.isPending && <PageLoader />}
      {campaigns.isError && <Alert color="red">{errorText(campaigns.error)}</Alert>}
      {campaigns.data?.items.length === 0 && <Text c="dimmed">{t('neutrality.campaigns.empty')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {campaigns.data?.items.map((c) => (
          <Card
            key={c.id}
            withBorder
            component={Link}
            to={`/neutrality/campaigns/${c.id}`}
            data-testid="campaign-card"
          >
            <Text fw={600}>{c.title}</Text>
            <Text size="sm" c="dimmed">
              {regionName(c.regionName)}
            </Text>
            <Text size="sm">
              {t('neutrality.campaign.deadlineAt', { date: day(c.deadline), zone: c.timezoneAbbreviation })}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <CreateCampaignModal
        opened={creating}
        onClose={() => setCreating(false)}
        defaultRegion={scope === NATIONAL_CODE ? 'ID' : scope}
      />
    </Stack>
  );
}

function RollupTable({
  rows,
}: {
  rows: Array<{
    code: string;
    name: string;
    campaigns: number;
    agencies: number;
    signed: number;
    compliancePct: number;
    onTime: number;
    withVideo: number;
    overdueCount: number;
  }>;
}) {
  const { t } = useI18n();
  const pct = usePct();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped data-testid="rollup-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('neutrality.rollup.region')}</Table.Th>
            <Table.Th>{t('neutrality.rollup.campaigns')}</Table.Th>
            <Table.Th>{t('neutrality.progress.agencies')}</Table.Th>
            <Table.Th>{t('neutrality.progress.signed')}</Table.Th>
            <Table.Th>{t('neutrality.progress.compliance')}</Table.Th>
            <Table.Th>{t('neutrality.progress.overdue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.code} data-region={r.code}>
              <Table.Td>{regionName(r.name)}</Table.Td>
              <Table.Td>{r.campaigns}</Table.Td>
              <Table.Td>{r.agencies}</Table.Td>
              <Table.Td>{r.signed}</Table.Td>
              <Table.Td>{pct(r.compliancePct)}</Table.Td>
              <Table.Td>{r.overdueCount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CreateCampaignModal({
  opened,
  onClose,
  defaultRegion,
}: {
  opened: boolean;
  onClose: () => void;
  defaultRegion: string;
}) {
  const { t, errorText } = useI18n();
  const create = useCreateCampaign();
  const [regionCode, setRegionCode] = useState(defaultRegion);
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState('');
  const [requireVideo, setRequireVideo] = useState(true);
  const parsed = pledgeCampaignCreateSchema.safeParse({ regionCode, title, deadline, requireVideo });
  return (
    <Modal opened={opened} onClose={onClose} title={t('neutrality.campaign.create')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (parsed.success) create.mutate(parsed.data, { onSuccess: onClose });
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('neutrality.campaign.region')}
            value={regionCode}
            onChange={(e) => setRegionCode(e.currentTarget.value)}
          />
          <TextInput
            label={t('neutrality.campaign.title')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            required
          />
          <TextInput
            type="date"
            label={t('neutrality.campaign.deadline')}
            value={deadline}
            onChange={(e) => setDeadline(e.currentTarget.value)}
            required
          />
          <Checkbox
            label={t('neutrality.campaign.requireVideo')}
            checked={requireVideo}
            onChange={(e) => setRequireVideo(e.currentTarget.checked)}
          />
          {create.isError && <Alert color="red">{errorText(create.error)}</Alert>}
          <Button type="submit" disabled={!parsed.success} loading={create.isPending}>
            {t('neutrality.campaign.save')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
