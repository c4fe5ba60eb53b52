import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Drawer,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type { PledgeBoardRow, PledgeCampaign } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { DetailError } from '../../ui/DetailError.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { documentUrl, useBoard, useCampaign, usePledge, useReview } from './api.ts';
import { boardState, NEUTRALITY_OFFICERS, ProgressTiles, StateBadge, useDay } from './labels.tsx';

/** One campaign: its figures, the overdue agencies, and every agency as a row (overdue first). */
export function CampaignBoard({ id }: { id: string }) {
  const { t, errorText } = useI18n();
  const user = useCurrentUser();
  const campaign = useCampaign(id);
  const board = useBoard(id, user.role !== 'agency_head');
  const [reviewing, setReviewing] = useState<PledgeBoardRow | null>(null);
  const day = useDay();

  if (campaign.isPending) return <PageLoader />;
  if (campaign.isError)
    return (
      <DetailError
        message={errorText(campaign.error)}
        backTo="/neutrality"
        backLabel={t('neutrality.back')}
      />
    );
  const c = campaign.data;
  const progress = c.progress;
  const mayReview = (NEUTRALITY_OFFICERS as readonly string[]).includes(user.role);

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/neutrality" size="sm">
        ← {t('neutrality.back')}
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2" data-testid="campaign-title">
            {c.title}
          </Title>
          <Text c="dimmed">
            {regionName(c.regionName)} ·{' '}
            {t('neutrality.campaign.deadlineAt', { date: day(c.deadline), zone: c.timezoneAbbreviation })}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            component="a"
            variant="default"
            href={documentUrl(`/api/v1/pledge-campaigns/${id}/board.xlsx`)}
          >
            {t('neutrality.export.xlsx')}
          </Button>
          <Button
            component="a"
            variant="default"
            href={documentUrl(`/api/v1/pledge-campaigns/${id}/board.pdf`)}
          >
            {t('neutrality.export.pdf')}
          </Button>
        </Group>
      </Group>

      {progress && <ProgressTiles progress={progress} />}
      {progress && progress.overdueCount > 0 && (
        <Alert color="red" data-testid="overdue-alert">
          {t('neutrality.overdue.alert', { count: progress.overdueCount })}
        </Alert>
      )}

      {board.isError && <Alert color="red">{errorText(board.error)}</Alert>}
      {board.data && (
        <>
          <Table.ScrollContainer minWidth={640} visibleFrom="sm">
            <Table striped highlightOnHover data-testid="pledge-board">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('neutrality.board.agency')}</Table.Th>
                  <Table.Th>{t('neutrality.board.state')}</Table.Th>
                  <Table.Th>{t('neutrality.board.signedOn')}</Table.Th>
                  <Table.Th>{t('neutrality.progress.onTime')}</Table.Th>
                  <Table.Th>{t('neutrality.progress.withVideo')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {board.data.items.map((row) => (
                  <Table.Tr key={row.agency.id} data-agency={row.agency.name} data-state={boardState(row)}>
                    <Table.Td>
                      <Text fw={500}>{row.agency.name}</Text>
                      <Text size="xs" c="dimmed">
                        {row.agency.headName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <StateBadge state={boardState(row)} />
                    </Table.Td>
                    <Table.Td>{row.pledge ? day(row.pledge.signedOn) : '–'}</Table.Td>
                    <Table.Td>
                      {row.pledge ? t(row.pledge.onTime ? 'neutrality.yes' : 'neutrality.no') : '–'}
                    </Table.Td>
                    <Table.Td>
                      {row.pledge ? t(row.pledge.hasVideo ? 'neutrality.yes' : 'neutrality.no') : '–'}
                    </Table.Td>
                    <Table.Td>
                      {row.pledge && (
                        <Button size="xs" variant="light" onClick={() => setReviewing(row)}>
                          {t('neutrality.board.action')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="xs" hiddenFrom="sm">
            {board.data.items.map((row) => (
              <Card key={row.agency.id} withBorder padding="sm">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={500} size="sm">
                    {row.agency.name}
                  </Text>
                  <StateBadge state={boardState(row)} />
                </Group>
                {row.pledge && (
                  <Button mt="xs" size="xs" variant="light" onClick={() => setReviewing(row)}>
                    {t('neutrality.board.action')}
                  </Button>
                )}
              </Card>
            ))}
          </Stack>
        </>
      )}
      <Drawer
        opened={reviewing !== null}
        onClose={() => setReviewing(null)}
        position="right"
        title={reviewing?.agency.name}
      >
        {reviewing?.pledge && (
          <PledgeReview
            campaign={c}
            pledgeId={reviewing.pledge.id}
            mayReview={mayReview}
            onDone={() => setReviewing(null)}
          />
        )}
      </Drawer>
    </Stack>
  );
}

function PledgeReview({
  campaign,
  pledgeId,
  mayReview,
  onDone,
}: {
  campaign: PledgeCampaign;
  pledgeId: string;
  mayReview: boolean;
  onDone: () => void;
}) {
  const { t, errorText, locale } = useI18n();
  const pledge = usePledge(campaign.id, pledgeId);
  const when = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: campaign.timezone,
  });
  const review = useReview(campaign.id);
  const [reason, setReason] = useState('');
  const day = useDay();
  if (pledge.isPending) return <PageLoader />;
  if (pledge.isError) return <Alert color="red">{errorText(pledge.error)}</Alert>;
  const p = pledge.data;
  const video = p.video?.url ?? p.videoUrl;
  return (
    <Stack gap="sm" data-testid="pledge-review">
      <StateBadge state={p.status} />
      <Text size="sm">
        {t('neutrality.pledge.signedOn')}: {day(p.signedOn)}
      </Text>
      <Anchor href={p.scan.url} target="_blank" rel="noopener">
        {t('neutrality.pledge.openScan')}
      </Anchor>
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
        SHA-256 {p.scan.sha256}
      </Text>
      {video && (
        <Anchor href={video} target="_blank" rel="noopener noreferrer">
          {t('neutrality.pledge.openVideo')}
        </Anchor>
      )}
      {p.returnReason && (
        <Alert color="orange">{t('neutrality.pledge.returned', { reason: p.returnReason })}</Alert>
      )}
      <Text fw={600} size="sm">
        {t('neutrality.pledge.versions')}
      </Text>
      {p.versions.map((v) => (
        <Text key={v.version} size="xs">
          {t('neutrality.pledge.version', { n: v.version })} · {when.format(new Date(v.submittedAt))}{' '}
          {campaign.timezoneAbbreviation} · {v.changed.map((c) => t(`neutrality.changed.${c}`)).join(', ')}
        </Text>
      ))}
      {mayReview && p.status === 'pending' && (
        <Stack gap="xs">
          {review.isError && <Alert color="red">{errorText(review.error)}</Alert>}
          <Button
            color="green"
            loading={review.isPending}
            onClick={() => review.mutate({ pledgeId: p.id, decision: 'verified' }, { onSuccess: onDone })}
          >
            {t('neutrality.review.verify')}
          </Button>
          <Textarea
            label={t('neutrality.review.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Button
            color="orange"
            variant="light"
            disabled={reason.trim().length < 3}
            loading={review.isPending}
            onClick={() =>
              review.mutate({ pledgeId: p.id, decision: 'returned', reason }, { onSuccess: onDone })
            }
          >
            {t('neutrality.review.return')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
