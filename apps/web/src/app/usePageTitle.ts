import { useEffect } from 'react';

/** Names the browser tab after the page: "Wilayah · Sinergi". */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Sinergi` : 'Sinergi';
  }, [title]);
}
