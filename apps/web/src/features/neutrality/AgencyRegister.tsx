import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  FileButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { agencyCreateSchema } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { isApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { useAgencies, useBatchAgencies, useCreateAgency, useImportAgencies, useStarter } from './api.ts';

interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

const isImportProblem = (d: unknown): d is ImportProblem =>
  typeof d === 'object' && d !== null && typeof (d as ImportProblem).row === 'number';

/** The agency register of the officer's region: add one, pick from the usual list, or import a file. */
export function AgencyRegister() {
  const { t, errorText } = useI18n();
  const user = useCurrentUser();
  const region = user.scope.code;
  const agencies = useAgencies(undefined);
  const importer = useImportAgencies();
  const [adding, setAdding] = useState(false);
  const [picking, setPicking] = useState(false);
  const problems =
    importer.error && isApiError(importer.error) ? importer.error.details.filter(isImportProblem) : [];

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/neutrality" size="sm">
        ← {t('neutrality.back')}
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('neutrality.agencies.title')}
        </Title>
        <Group gap="xs">
          <Button variant="default" onClick={() => setPicking(true)}>
            {t('neutrality.agencies.starter')}
          </Button>
          <FileButton
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(file) => file && importer.mutate({ regionCode: region, file })}
          >
            {(props) => (
              <Button {...props} variant="default" loading={importer.isPending}>
                {t('neutrality.agencies.import')}
              </Button>
            )}
          </FileButton>
          <Button onClick={() => setAdding(true)}>{t('neutrality.agencies.add')}</Button>
        </Group>
      </Group>
      {importer.isSuccess && (
        <Alert color="green">{t('neutrality.agencies.imported', { count: importer.data.imported })}</Alert>
      )}
      {importer.isError && (
        <Alert color="red" title={errorText(importer.error)}>
          {problems.map((p) => (
            <Text key={`${p.row}-${p.column}-${p.message}`} size="sm">
              {t('neutrality.importProblem', { row: p.row, column: p.column, message: p.message })}
            </Text>
          ))}
        </Alert>
      )}
      {agencies.isPending && <PageLoader />}
      {agencies.isError && <Alert color="red">{errorText(agencies.error)}</Alert>}
      {agencies.data?.items.length === 0 && <Text c="dimmed">{t('neutrality.agencies.empty')}</Text>}
      {agencies.data && agencies.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped data-testid="agency-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('neutrality.agencies.name')}</Table.Th>
                <Table.Th>{t('neutrality.agencies.headName')}</Table.Th>
                <Table.Th>{t('neutrality.agencies.nip')}</Table.Th>
                <Table.Th>{t('neutrality.agencies.account')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agencies.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.name}</Table.Td>
                  <Table.Td>
                    {a.headName}
                    {a.headTitle && (
                      <Text size="xs" c="dimmed">
                        {a.headTitle}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{a.headNip ?? '–'}</Table.Td>
                  <Table.Td>{a.headUser?.username ?? '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddAgencyModal opened={adding} onClose={() => setAdding(false)} region={region} />
      {picking && <StarterModal onClose={() => setPicking(false)} region={region} />}
    </Stack>
  );
}

function AddAgencyModal({
  opened,
  onClose,
  region,
}: {
  opened: boolean;
  onClose: () => void;
  region: string;
}) {
  const { t, errorText } = useI18n();
  const create = useCreateAgency();
  const [form, setForm] = useState({ name: '', headName: '', headTitle: '', headNip: '' });
  const input = {
    regionCode: region,
    name: form.name,
    headName: form.headName,
    ...(form.headTitle ? { headTitle: form.headTitle } : {}),
    ...(form.headNip ? { headNip: form.headNip } : {}),
  };
  const parsed = agencyCreateSchema.safeParse(input);
  const nipIssue =
    form.headNip && !parsed.success
      ? parsed.error.issues.find((i) => i.path[0] === 'headNip')?.message
      : undefined;
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.currentTarget.value }),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('neutrality.agencies.add')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (parsed.success) create.mutate(parsed.data, { onSuccess: onClose });
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('neutrality.agencies.name')} required {...field('name')} />
          <TextInput label={t('neutrality.agencies.headName')} required {...field('headName')} />
          <TextInput label={t('neutrality.agencies.headTitle')} {...field('headTitle')} />
          <TextInput
            label={t('neutrality.agencies.nip')}
            inputMode="numeric"
            error={nipIssue}
            {...field('headNip')}
          />
          {create.isError && <Alert color="red">{errorText(create.error)}</Alert>}
          <Button type="submit" disabled={!parsed.success} loading={create.isPending}>
            {t('neutrality.agencies.add')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

function StarterModal({ onClose, region }: { onClose: () => void; region: string }) {
  const { t, errorText } = useI18n();
  const starter = useStarter(region, true);
  const batch = useBatchAgencies();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [headName, setHeadName] = useState('');
  const key = (s: { regionCode: string; name: string }) => `${s.regionCode}|${s.name}`;
  const chosen = (starter.data?.items ?? []).filter((s) => selected.has(key(s)));
  return (
    <Modal opened onClose={onClose} title={t('neutrality.agencies.starter')} size="lg">
      {starter.isPending && <PageLoader />}
      {starter.isError && <Alert color="red">{errorText(starter.error)}</Alert>}
      <Stack gap={4}>
        {starter.data?.items.map((s) => (
          <Checkbox
            key={key(s)}
            label={s.name}
            disabled={s.registered}
            checked={s.registered || selected.has(key(s))}
            onChange={(e) => {
              const next = new Set(selected);
              if (e.currentTarget.checked) next.add(key(s));
              else next.delete(key(s));
              setSelected(next);
            }}
          />
        ))}
      </Stack>
      <Stack gap="sm" mt="md">
        <TextInput
          label={t('neutrality.agencies.starter.headName')}
          value={headName}
          onChange={(e) => setHeadName(e.currentTarget.value)}
        />
        {batch.isError && <Alert color="red">{errorText(batch.error)}</Alert>}
        <Button
          disabled={chosen.length === 0 || headName.trim() === ''}
          loading={batch.isPending}
          onClick={() =>
            batch.mutate(
              {
                regionCode: region,
                items: chosen.map((s) => ({
                  name: s.name,
                  kind: s.kind,
                  headTitle: s.headTitle,
                  headName: headName.trim(),
                  regionCode: s.regionCode,
                })),
              },
              { onSuccess: onClose },
            )
          }
        >
          {t('neutrality.agencies.starter.save', { count: chosen.length })}
        </Button>
      </Stack>
    </Modal>
  );
}
