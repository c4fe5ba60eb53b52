import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import type { FollowUp, FollowUpStatus } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { useUpdateFollowUp } from './api.ts';
import { FOLLOW_UP_UPDATERS, formatDate, STATUS_COLORS, STATUS_KEYS } from './labels.ts';

const NEXT: Record<FollowUpStatus, FollowUpStatus[]> = {
  open: ['in_progress', 'done', 'dropped'],
  in_progress: ['open', 'done', 'dropped'],
  done: [],
  dropped: [],
};

/** A follow-up with its owner, due date and status; its owner (or an officer) moves the status. */
export function FollowUpCard({ followUp, compact = false }: { followUp: FollowUp; compact?: boolean }) {
  const { t, locale, errorText } = useI18n();
  const user = useCurrentUser();
  const update = useUpdateFollowUp();
  const [dropping, setDropping] = useState(false);
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const owner = [followUp.assignee.institution, followUp.assignee.name].filter(Boolean).join(' — ');
  const mayUpdate = FOLLOW_UP_UPDATERS.includes(user.role) && NEXT[followUp.status].length > 0;
  const setStatus = (status: FollowUpStatus) => {
    if (status === 'dropped') {
      setDropping(true);
      return;
    }
    update.mutate({
      id: followUp.id,
      patch: { status, ...(evidence.trim() ? { evidence: evidence.trim() } : {}) },
    });
  };
  return (
    <Paper
      withBorder
      radius="sm"
      p="sm"
      bg={followUp.overdue ? 'red.0' : undefined}
      data-follow-up={followUp.title}
      data-status={followUp.status}
      data-overdue={followUp.overdue}
    >
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {followUp.title}
            </Text>
            <Text size="xs" c="dimmed">
              {t('meetings.followUp.ownerDue', { owner, due: formatDate(followUp.dueOn, locale, true) })}
            </Text>
            {!compact && (
              <Anchor component={Link} to={`/meetings/${followUp.meeting.id}`} size="xs">
                {followUp.meeting.title} · {t('meetings.decision.number', { n: followUp.decision.number })}
              </Anchor>
            )}
          </div>
          <Stack gap={4} align="flex-end" style={{ flex: 'none' }}>
            <Badge color={STATUS_COLORS[followUp.status]} variant="light">
              {t(STATUS_KEYS[followUp.status])}
            </Badge>
            {followUp.overdue && <Badge color="red">{t('meetings.followUp.overdue')}</Badge>}
          </Stack>
        </Group>
        {followUp.dropReason && (
          <Text size="xs" c="dimmed">
            {t('meetings.followUp.dropReason', { reason: followUp.dropReason })}
          </Text>
        )}
        {followUp.evidence.map((e) => (
          <Text key={e.id} size="xs">
            {e.text}{' '}
            {e.file && (
              <Anchor
                href={`/api/v1/follow-ups/${followUp.id}/evidence/${e.id}`}
                target="_blank"
                rel="noopener"
                size="xs"
              >
                {e.file.name}
              </Anchor>
            )}{' '}
            <Text span c="dimmed" size="xs">
              — {e.createdBy}
            </Text>
          </Text>
        ))}
        {mayUpdate && !dropping && (
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              size="xs"
              placeholder={t('meetings.followUp.evidence')}
              aria-label={t('meetings.followUp.evidence')}
              value={evidence}
              onChange={(e) => setEvidence(e.currentTarget.value)}
              maxLength={5000}
              style={{ flex: 1, minWidth: 160 }}
            />
            <Select
              size="xs"
              placeholder={t('meetings.followUp.setStatus')}
              aria-label={t('meetings.followUp.setStatus')}
              data={NEXT[followUp.status].map((s) => ({ value: s, label: t(STATUS_KEYS[s]) }))}
              value={null}
              onChange={(value) => value && setStatus(value as FollowUpStatus)}
              disabled={update.isPending}
              w={170}
            />
          </Group>
        )}
        {dropping && (
          <Group gap="xs" align="flex-end">
            <TextInput
              size="xs"
              label={t('meetings.followUp.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={2000}
              style={{ flex: 1 }}
            />
            <Button
              size="xs"
              color="dark"
              disabled={!reason.trim()}
              loading={update.isPending}
              onClick={() =>
                update.mutate(
                  { id: followUp.id, patch: { status: 'dropped', reason: reason.trim() } },
                  { onSuccess: () => setDropping(false) },
                )
              }
            >
              {t('meetings.followUp.drop')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setDropping(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        )}
        {update.isError && (
          <Alert color="red" p="xs">
            {errorText(update.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
