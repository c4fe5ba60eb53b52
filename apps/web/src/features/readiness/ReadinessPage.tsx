import { useParams } from 'react-router-dom';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ChecklistView } from './ChecklistView.tsx';
import { ReadinessBoard } from './ReadinessBoard.tsx';

/** /readiness: the board of the user's region; /readiness/:id: one checklist with its items. */
export default function ReadinessPage() {
  const { t } = useI18n();
  const { id } = useParams();
  usePageTitle(t('nav.readiness'));
  return id ? <ChecklistView id={id} /> : <ReadinessBoard />;
}
