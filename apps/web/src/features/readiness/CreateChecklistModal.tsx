import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack } from '@mantine/core';
import type { Checklist, Election } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { regionName } from '../regions/format.ts';
import { useCreateChecklist, useTemplates } from './api.ts';

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (checklist: Checklist) => void;
  election: Election;
  /** Preselected stage (the board's). */
  stageCode: string | undefined;
  /** The regions the user may create for: the board's region and its children. */
  regions: Array<{ code: string; name: string }>;
}

/** A checklist for a region and stage from a template; the template matching the stage comes first. */
export function CreateChecklistModal({ opened, onClose, onCreated, election, stageCode, regions }: Props) {
  const { t, errorText } = useI18n();
  const templates = useTemplates();
  const create = useCreateChecklist();
  const [region, setRegion] = useState<string | null>(regions[0]?.code ?? null);
  const [stage, setStage] = useState<string | null>(stageCode ?? election.stages[0]?.code ?? null);
  const [template, setTemplate] = useState<string | null>(null);
  const suggested =
    templates.data?.items.find((tpl) => stage !== null && tpl.stageHints.includes(stage))?.code ??
    templates.data?.items[0]?.code ??
    null;
  const chosenTemplate = template ?? suggested;

  const submit = () => {
    if (!region || !stage || !chosenTemplate) return;
    create.mutate(
      { regionCode: region, electionId: election.id, stageCode: stage, templateCode: chosenTemplate },
      { onSuccess: onCreated },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('readiness.create')} centered>
      <Stack gap="sm">
        <Select
          label={t('readiness.create.region')}
          data={regions.map((r) => ({ value: r.code, label: regionName(r.name) }))}
          value={region}
          onChange={setRegion}
          searchable
          allowDeselect={false}
        />
        <Select
          label={t('readiness.stage')}
          data={election.stages.map((s) => ({ value: s.code, label: s.name }))}
          value={stage}
          onChange={(value) => {
            setStage(value);
            setTemplate(null);
          }}
          allowDeselect={false}
        />
        <Select
          label={t('readiness.create.template')}
          data={(templates.data?.items ?? []).map((tpl) => ({ value: tpl.code, label: tpl.name }))}
          value={chosenTemplate}
          onChange={setTemplate}
          allowDeselect={false}
        />
        {create.isError && <Alert color="red">{errorText(create.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={create.isPending} disabled={!region || !stage || !chosenTemplate}>
            {t('readiness.create.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
