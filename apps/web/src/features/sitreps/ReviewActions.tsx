import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { sitrepReturnSchema } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { regionName } from '../regions/format.ts';
import { useReviewSitrep } from './api.ts';

/** The recipient's answer to a sent sitrep: acknowledge it, or return it to its sender with a note. */
export function ReviewActions({
  sitrep,
  size = 'sm',
}: {
  sitrep: { id: string; regionName: string; version: number };
  size?: 'xs' | 'sm';
}) {
  const { t, errorText } = useI18n();
  const review = useReviewSitrep();
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  const valid = sitrepReturnSchema.safeParse({ note }).success;
  const pending = review.isPending ? review.variables.decision : null;

  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Button
          size={size}
          color="teal"
          loading={pending === 'acknowledge'}
          disabled={pending !== null}
          onClick={() => review.mutate({ id: sitrep.id, decision: 'acknowledge' })}
          data-testid="sitrep-acknowledge"
        >
          {t('sitreps.review.acknowledge')}
        </Button>
        <Button
          size={size}
          variant="default"
          disabled={pending !== null}
          onClick={() => setReturning(true)}
          data-testid="sitrep-return"
        >
          {t('sitreps.review.return')}
        </Button>
      </Group>
      {review.isError && !returning && (
        <Alert color="red" p="xs">
          {errorText(review.error)}
        </Alert>
      )}
      <Modal opened={returning} onClose={() => setReturning(false)} title={t('sitreps.review.returnTitle')}>
        <Stack gap="sm">
          <Text size="sm">
            {t('sitreps.review.returnHint', {
              region: regionName(sitrep.regionName),
              version: sitrep.version,
            })}
          </Text>
          <Textarea
            label={t('sitreps.review.note')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            autosize
            minRows={3}
            maxLength={2000}
            required
            data-autofocus
          />
          {review.isError && <Alert color="red">{errorText(review.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReturning(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="orange"
              disabled={!valid}
              loading={pending === 'return'}
              onClick={() =>
                review.mutate(
                  { id: sitrep.id, decision: 'return', note: note.trim() },
                  {
                    onSuccess: () => {
                      setReturning(false);
                      setNote('');
                    },
                  },
                )
              }
              data-testid="sitrep-return-confirm"
            >
              {t('sitreps.review.returnConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
