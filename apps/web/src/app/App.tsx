import { Suspense, useState } from 'react';
import { RouterProvider } from 'react-router-dom';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nProvider } from '../i18n/index.tsx';
import { createQueryClient } from './queryClient.ts';
import { createRouter } from './router.tsx';
import { theme } from './theme.ts';

/** Providers, outermost first: theme, server state, language, then the router. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <Suspense
            fallback={
              <Center mih="100vh">
                <Loader />
              </Center>
            }
          >
            <RouterProvider router={router} />
          </Suspense>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
