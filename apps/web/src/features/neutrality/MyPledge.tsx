import { useState } from 'react';
import { Alert, Anchor, Button, Card, FileInput, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import type { PledgeCampaign, PledgeCampaignSummary } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { isApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCampaign, useCampaigns, useSubmitPledge } from './api.ts';
import { StateBadge, useDay } from './labels.tsx';

/** The agency head's own page: each campaign covering their agency, with its pact to print and upload. */
export function MyPledges() {
  const { t, errorText } = useI18n();
  const campaigns = useCampaigns();
  if (campaigns.isPending) return <PageLoader />;
  if (campaigns.isError) return <Alert color="red">{errorText(campaigns.error)}</Alert>;
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t('neutrality.mine.title')}
      </Title>
      {campaigns.data.items.length === 0 && <Text c="dimmed">{t('neutrality.campaigns.empty')}</Text>}
      {campaigns.data.items.map((c) => (
        <MyCampaign key={c.id} summary={c} />
      ))}
    </Stack>
  );
}

function MyCampaign({ summary }: { summary: PledgeCampaignSummary }) {
  const { t, errorText } = useI18n();
  const campaign = useCampaign(summary.id);
  const day = useDay();
  return (
    <Card withBorder padding="lg" data-testid="my-campaign">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {summary.title}
          </Title>
          <Text size="sm" c="dimmed">
            {t('neutrality.campaign.deadlineAt', {
              date: day(summary.deadline),
              zone: summary.timezoneAbbreviation,
            })}
          </Text>
        </div>
        {campaign.isPending && <PageLoader />}
        {campaign.isError && <Alert color="red">{errorText(campaign.error)}</Alert>}
        {campaign.data && <MyPledge campaign={campaign.data} />}
      </Stack>
    </Card>
  );
}

function MyPledge({ campaign }: { campaign: PledgeCampaign }) {
  const { t, errorText } = useI18n();
  const submit = useSubmitPledge(campaign.id);
  const [signedOn, setSignedOn] = useState('');
  const [scan, setScan] = useState<File | null>(null);
  const [video, setVideo] = useState<File | null>(null);
  const [videoUrl, setVideoUrl] = useState('');
  const day = useDay();
  const mine = campaign.mine;
  if (!mine) return <Text c="dimmed">{t('neutrality.mine.notCovered')}</Text>;
  const pledge = mine.pledge;
  const canUpload = pledge?.status !== 'verified';
  const issues = isApiError(submit.error) ? submit.error.fieldIssues() : {};

  return (
    <Stack gap="sm">
      <Text fw={600}>{mine.agency.name}</Text>
      <Anchor
        href={`/api/v1/pledge-campaigns/${campaign.id}/agencies/${mine.agency.id}/pact.pdf`}
        target="_blank"
      >
        {t('neutrality.pledge.printPact')}
      </Anchor>
      {pledge ? (
        <Stack gap={4} data-testid="my-pledge">
          <Group gap="xs">
            <StateBadge state={pledge.status} />
            <Text size="sm">
              {t('neutrality.pledge.signedOn')}: {day(pledge.signedOn)}
            </Text>
          </Group>
          {pledge.returnReason && pledge.status === 'returned' && (
            <Alert color="orange">{t('neutrality.pledge.returned', { reason: pledge.returnReason })}</Alert>
          )}
          <Anchor href={pledge.scan.url} target="_blank" size="sm">
            {t('neutrality.pledge.openScan')} · {pledge.scan.filename ?? pledge.scan.sha256.slice(0, 12)}
          </Anchor>
          {(pledge.video ?? pledge.videoUrl) && (
            <Anchor
              href={pledge.video?.url ?? pledge.videoUrl ?? ''}
              target="_blank"
              rel="noopener noreferrer"
              size="sm"
            >
              {t('neutrality.pledge.openVideo')}
            </Anchor>
          )}
          <Text size="xs" c="dimmed">
            {t('neutrality.pledge.versions')}:{' '}
            {pledge.versions.map((v) => t('neutrality.pledge.version', { n: v.version })).join(', ')}
          </Text>
        </Stack>
      ) : (
        <Text c="dimmed">{t('neutrality.pledge.none')}</Text>
      )}
      {canUpload && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit.mutate(
              {
                agencyId: mine.agency.id,
                ...(signedOn ? { signedOn } : {}),
                ...(videoUrl ? { videoUrl } : {}),
                scan,
                video,
              },
              {
                onSuccess: () => {
                  setScan(null);
                  setVideo(null);
                  setVideoUrl('');
                },
              },
            );
          }}
        >
          <Stack gap="xs">
            <TextInput
              type="date"
              label={t('neutrality.pledge.signedOn')}
              value={signedOn}
              onChange={(e) => setSignedOn(e.currentTarget.value)}
              required={!pledge}
              error={issues.signedOn?.message}
            />
            <FileInput
              label={t('neutrality.pledge.scan')}
              accept="application/pdf,image/jpeg,image/png"
              value={scan}
              onChange={setScan}
              clearable
              required={!pledge}
              data-testid="scan-input"
            />
            <FileInput
              label={t('neutrality.pledge.video')}
              accept="video/*"
              value={video}
              onChange={setVideo}
              clearable
              data-testid="video-input"
            />
            <TextInput
              label={t('neutrality.pledge.videoUrl')}
              placeholder="https://"
              value={videoUrl}
              onChange={(e) => setVideoUrl(e.currentTarget.value)}
              error={issues.videoUrl?.message}
            />
            {submit.isError && <Alert color="red">{errorText(submit.error)}</Alert>}
            {submit.isSuccess && <Alert color="green">{t('neutrality.pledge.uploaded')}</Alert>}
            <Group>
              <Button type="submit" loading={submit.isPending}>
                {pledge ? t('neutrality.pledge.reupload') : t('neutrality.pledge.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
