import { useParams, useSearchParams } from 'react-router-dom';
import { SegmentedControl, Stack } from '@mantine/core';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { ComplianceGrid } from './ComplianceGrid.tsx';
import { receivesSitreps } from './labels.ts';
import { SitrepInbox } from './SitrepInbox.tsx';
import { SitrepList } from './SitrepList.tsx';
import { SitrepView } from './SitrepView.tsx';
import './sitreps.css';

type View = 'list' | 'inbox' | 'compliance';

/**
 * /sitreps: the region's situation reports and "compile new"; ?view=inbox: what the child regions
 * sent (province officers, the ministry, admins); ?view=compliance: who has reported for a period.
 * /sitreps/:id: one sitrep, its figures, the narrative editor while it is a draft, and its review.
 */
export default function SitrepsPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  usePageTitle(t('nav.sitreps'));
  if (id) return <SitrepView id={id} />;

  const receives = receivesSitreps(user);
  const asked = params.get('view');
  // The ministry compiles nothing of its own: its desk is the inbox.
  const fallback: View = receives && user.role === 'ministry' ? 'inbox' : 'list';
  const view: View =
    receives && (asked === 'inbox' || asked === 'compliance') ? asked : asked === 'list' ? 'list' : fallback;
  return (
    <Stack gap="md">
      {receives && (
        <SegmentedControl
          value={view}
          onChange={(value) => setParams({ view: value })}
          data={[
            { value: 'list', label: t('sitreps.tab.list') },
            { value: 'inbox', label: t('sitreps.tab.inbox') },
            { value: 'compliance', label: t('sitreps.tab.compliance') },
          ]}
          className="sitrep-no-print"
          style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
          data-testid="sitrep-tabs"
        />
      )}
      {view === 'inbox' ? <SitrepInbox /> : view === 'compliance' ? <ComplianceGrid /> : <SitrepList />}
    </Stack>
  );
}
