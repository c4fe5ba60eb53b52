import { useState } from 'react';
import { Alert, Anchor, Button, FileButton, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { RiskBaselineProblem } from '@sinergi/shared';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useImportBaseline } from './api.ts';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function problemsOf(error: unknown): RiskBaselineProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.details.filter(
    (d): d is RiskBaselineProblem =>
      typeof d === 'object' && d !== null && typeof (d as RiskBaselineProblem).row === 'number',
  );
}

/**
 * Baseline upload for officers: CSV or XLSX in the IKP structure. The server imports all rows or
 * none; when a cell is wrong the table below names each one (row, column, cell) to fix.
 */
export function BaselineImport() {
  const { t, errorText, language } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const upload = useImportBaseline(language);
  const problems = problemsOf(upload.error);

  return (
    <Paper withBorder radius="md" p="md" data-testid="risk-import">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('risk.import.title')}
        </Title>
        <Text size="sm">{t('risk.import.explain')}</Text>
        <Anchor href="/api/v1/risk/baseline/sample.csv" size="sm" download>
          {t('risk.import.sample')}
        </Anchor>
        <Group gap="sm">
          <FileButton
            onChange={(chosen) => {
              setFile(chosen);
              upload.reset();
            }}
            accept={ACCEPT}
          >
            {(props) => (
              <Button variant="default" {...props}>
                {t('risk.import.choose')}
              </Button>
            )}
          </FileButton>
          <Text size="sm" c={file ? undefined : 'dimmed'} data-testid="risk-import-file">
            {file?.name ?? t('risk.import.noFile')}
          </Text>
          <Button disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file)}>
            {t('risk.import.submit')}
          </Button>
        </Group>
        {upload.data && (
          <Alert color="green" variant="light" data-testid="risk-import-done">
            {t('risk.import.done', { imported: upload.data.imported, unchanged: upload.data.unchanged })}
          </Alert>
        )}
        {upload.error && (
          <Alert color="red" variant="light" data-testid="risk-import-error">
            {errorText(upload.error)}
          </Alert>
        )}
        {problems.length > 0 && (
          <Table.ScrollContainer minWidth={0} maxHeight={320}>
            <Table striped verticalSpacing={4} data-testid="risk-import-problems">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('risk.import.row')}</Table.Th>
                  <Table.Th>{t('risk.import.column')}</Table.Th>
                  <Table.Th>{t('risk.import.cell')}</Table.Th>
                  <Table.Th>{t('risk.import.problem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {problems.map((p) => (
                  <Table.Tr key={`${p.row}:${p.column}`}>
                    <Table.Td className="tabular">{p.row}</Table.Td>
                    <Table.Td>{p.column}</Table.Td>
                    <Table.Td>{[p.cell, p.value].filter(Boolean).join(' · ')}</Table.Td>
                    <Table.Td>{p.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
