import { useParams } from 'react-router-dom';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { AgencyRegister } from './AgencyRegister.tsx';
import { CampaignBoard } from './CampaignBoard.tsx';
import { MyPledges } from './MyPledge.tsx';
import { Overview } from './Overview.tsx';

/**
 * /neutrality: an agency head's own pledges, or for officers and readers the roll-up and the
 * campaigns; /neutrality/campaigns/:id one campaign's compliance board; /neutrality/agencies the
 * agency register.
 */
export default function NeutralityPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const { view, id } = useParams();
  usePageTitle(t('nav.neutrality'));
  if (view === 'campaigns' && id)
    return user.role === 'agency_head' ? <MyPledges /> : <CampaignBoard id={id} />;
  if (view === 'agencies') return <AgencyRegister />;
  return user.role === 'agency_head' ? <MyPledges /> : <Overview />;
}
