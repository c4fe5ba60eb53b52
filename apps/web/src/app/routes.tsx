import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '@sinergi/shared';
import type { UiKey } from '../i18n/index.tsx';
import type { IconName } from '../ui/icons.tsx';
import { USER_MANAGEMENT_ROLES } from '../features/users/roles.ts';
import { RISK_READERS } from '../features/risk/roles.ts';
import { MEETING_PAGE_ROLES } from '../features/meetings/labels.ts';
import { ALERT_READERS } from '../features/alerts/roles.ts';
import { REPORT_READERS, REPORT_FILERS } from '../features/reports/roles.ts';
import { EXPORT_ROLES } from '../features/exports/roles.ts';
import { SITREP_READERS } from '../features/sitreps/roles.ts';

/**
 * A page of the signed-in app. Adding a feature page is one entry here: the router gets the route,
 * the side navigation and the home page get the link (when `nav` is set), and the page's code is
 * loaded only when it is first opened.
 */
export interface FeatureRoute {
  /** Under the app root, without a leading slash; react-router syntax ("reports/:id", "regions/:code?"). */
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** Roles that may open it; omitted: every signed-in user. The API enforces the same rule. */
  roles?: readonly Role[];
  /** Shown in the navigation and on the home page. */
  nav?: { to: string; label: UiKey; description: UiKey; icon: IconName };
}

export const FEATURE_ROUTES: FeatureRoute[] = [
  {
    path: 'reports/:id?',
    page: lazy(() => import('../features/reports/ReportsPage.tsx')),
    roles: REPORT_READERS,
    nav: { to: '/reports', label: 'nav.reports', description: 'nav.reports.description', icon: 'alert' },
  },
  {
    path: 'field',
    page: lazy(() => import('../features/reports/FieldRedirect.tsx')),
    roles: REPORT_FILERS,
    nav: { to: '/field', label: 'nav.field', description: 'nav.field.description', icon: 'alert' },
  },
  {
    path: 'alerts/:id?',
    page: lazy(() => import('../features/alerts/AlertsPage.tsx')),
    roles: ALERT_READERS,
    nav: { to: '/alerts', label: 'nav.alerts', description: 'nav.alerts.description', icon: 'bell' },
  },
  {
    path: 'risk/:code?',
    page: lazy(() => import('../features/risk/RiskPage.tsx')),
    roles: RISK_READERS,
    nav: { to: '/risk', label: 'nav.risk', description: 'nav.risk.description', icon: 'gauge' },
  },
  {
    path: 'regions/:code?',
    page: lazy(() => import('../features/regions/RegionBrowserPage.tsx')),
    nav: { to: '/regions', label: 'nav.regions', description: 'nav.regions.description', icon: 'map' },
  },
  {
    path: 'users',
    page: lazy(() => import('../features/users/UsersPage.tsx')),
    roles: USER_MANAGEMENT_ROLES,
    nav: { to: '/users', label: 'nav.users', description: 'nav.users.description', icon: 'users' },
  },
  {
    path: 'elections/:id?',
    page: lazy(() => import('../features/elections/ElectionsPage.tsx')),
    nav: {
      to: '/elections',
      label: 'nav.elections',
      description: 'nav.elections.description',
      icon: 'clock',
    },
  },
  {
    path: 'readiness/:id?',
    page: lazy(() => import('../features/readiness/ReadinessPage.tsx')),
    nav: {
      to: '/readiness',
      label: 'nav.readiness',
      description: 'nav.readiness.description',
      icon: 'shield',
    },
  },
  {
    path: 'neutrality/:view?/:id?',
    page: lazy(() => import('../features/neutrality/NeutralityPage.tsx')),
    roles: [
      'admin',
      'ministry',
      'province_officer',
      'regency_officer',
      'forum_member',
      'election_body',
      'agency_head',
    ],
    nav: {
      to: '/neutrality',
      label: 'nav.neutrality',
      description: 'nav.neutrality.description',
      icon: 'key',
    },
  },
  {
    path: 'meetings/:id?',
    page: lazy(() => import('../features/meetings/MeetingsPage.tsx')),
    roles: MEETING_PAGE_ROLES,
    nav: { to: '/meetings', label: 'nav.meetings', description: 'nav.meetings.description', icon: 'users' },
  },
  {
    path: 'sitreps/:id?',
    page: lazy(() => import('../features/sitreps/SitrepsPage.tsx')),
    roles: SITREP_READERS,
    nav: { to: '/sitreps', label: 'nav.sitreps', description: 'nav.sitreps.description', icon: 'document' },
  },
  {
    path: 'exports',
    page: lazy(() => import('../features/exports/ExportsPage.tsx')),
    roles: EXPORT_ROLES,
    nav: { to: '/exports', label: 'nav.exports', description: 'nav.exports.description', icon: 'download' },
  },
];

export function mayOpen(route: FeatureRoute, role: Role): boolean {
  return route.roles === undefined || route.roles.includes(role);
}
