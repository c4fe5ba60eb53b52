import { useState } from 'react';
import {
  Alert as Notice,
  Button,
  Card,
  CopyButton,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { webhookCreateSchema, type Region } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { regionName } from '../regions/format.ts';
import { RegionPicker } from '../regions/RegionSearch.tsx';
import { useCreateWebhook, useDeleteWebhook, useWebhooks } from './api.ts';

/**
 * The region's webhooks: a receiver gets every alert of the region's subtree as a signed POST. The
 * signing secret is shown once, right after creation.
 */
export function WebhooksPanel() {
  const { t, errorText } = useI18n();
  const webhooks = useWebhooks(true);
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const [region, setRegion] = useState<Region | null>(null);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});

  const submit = () => {
    const input = {
      regionCode: region?.code ?? '',
      url: url.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
    };
    const parsed = webhookCreateSchema.safeParse(input);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= t('alerts.webhook.invalid');
      setIssues(next);
      return;
    }
    setIssues({});
    create.mutate(parsed.data, {
      onSuccess: (created) => {
        setSecret(created.secret);
        setUrl('');
        setDescription('');
      },
    });
  };

  const createError = create.error ? errorText(create.error) : null;

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="md">
        <Title order={3} size="h4" mb={4}>
          {t('alerts.webhook.new')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('alerts.webhook.explain')}
        </Text>
        <Stack gap="sm">
          <RegionPicker
            label={t('alerts.webhook.region')}
            value={region}
            onChange={setRegion}
            required
            error={issues.regionCode}
          />
          <TextInput
            label={t('alerts.webhook.url')}
            placeholder="https://posko.example.go.id/sinergi"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            required
            error={issues.url}
            data-testid="webhook-url"
          />
          <TextInput
            label={t('alerts.webhook.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            maxLength={200}
          />
          {createError && (
            <Notice color="red" variant="light" icon={<Icon name="alert" />} data-testid="webhook-error">
              {createError}
            </Notice>
          )}
          <Group>
            <Button onClick={submit} loading={create.isPending}>
              {t('alerts.webhook.create')}
            </Button>
          </Group>
          {secret && (
            <Notice
              color="yellow"
              variant="light"
              title={t('alerts.webhook.secretTitle')}
              data-testid="webhook-secret"
            >
              <Text size="sm" mb={6}>
                {t('alerts.webhook.secretOnce')}
              </Text>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <Text size="sm" className="webhook-secret">
                  {secret}
                </Text>
                <CopyButton value={secret}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="default" onClick={copy}>
                      {copied ? t('common.copied') : t('alerts.webhook.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Notice>
          )}
        </Stack>
      </Paper>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('alerts.webhook.list')}
        </Title>
        {webhooks.isError ? (
          <Notice color="red" variant="light">
            {errorText(webhooks.error)}
          </Notice>
        ) : (webhooks.data?.items.length ?? 0) === 0 ? (
          <Text size="sm" c="dimmed">
            {t('alerts.webhook.none')}
          </Text>
        ) : (
          webhooks.data?.items.map((hook) => (
            <Card key={hook.id} withBorder radius="md" padding="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} truncate>
                    {hook.url}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {regionName(hook.regionName)} ({hook.regionCode})
                    {hook.description ? ` · ${hook.description}` : ''}
                  </Text>
                </div>
                <Button
                  size="xs"
                  color="red"
                  variant="subtle"
                  loading={remove.isPending && remove.variables === hook.id}
                  onClick={() => remove.mutate(hook.id)}
                >
                  {t('alerts.webhook.delete')}
                </Button>
              </Group>
            </Card>
          ))
        )}
      </Stack>
    </Stack>
  );
}
