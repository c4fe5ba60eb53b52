import { lazy } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { Layout } from './Layout.tsx';
import { RequireAuth, RoleGate } from './RequireAuth.tsx';
import { FEATURE_ROUTES } from './routes.tsx';
import { NotFoundPage } from './StatusPage.tsx';

const LoginPage = lazy(() => import('../features/auth/LoginPage.tsx'));
const HomePage = lazy(() => import('../features/home/HomePage.tsx'));

export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage /> },
    {
      element: <RequireAuth />,
      children: [
        {
          element: <Layout />,
          children: [
            { index: true, element: <HomePage /> },
            ...FEATURE_ROUTES.map(({ path, page: Page, roles }) => ({
              path,
              element: (
                <RoleGate roles={roles}>
                  <Page />
                </RoleGate>
              ),
            })),
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
