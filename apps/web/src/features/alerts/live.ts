import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Alert } from '@sinergi/shared';

export interface LiveState {
  /** The stream is open (EventSource reconnects by itself after a drop). */
  connected: boolean;
  /** Alerts opened while this page has been open, newest first. */
  fresh: Alert[];
}

/**
 * The live feed (GET /api/v1/live, server-sent events, same origin so the session cookie goes
 * along): new and changed alerts refresh every alerts query at once, and a reconnection refetches
 * whatever may have been missed while the stream was down.
 */
export function useLiveAlerts(enabled: boolean): LiveState {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  const [fresh, setFresh] = useState<Alert[]>([]);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/live');
    let seenReady = false;
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      void queryClient.invalidateQueries({ queryKey: ['risk'] });
    };
    source.addEventListener('ready', () => {
      setConnected(true);
      // A reconnection may have missed events: catch up from the API.
      if (seenReady) refresh();
      seenReady = true;
    });
    source.addEventListener('alert.opened', (event: MessageEvent<string>) => {
      try {
        const alert = JSON.parse(event.data) as Alert;
        setFresh((current) => [alert, ...current.filter((a) => a.id !== alert.id)].slice(0, 20));
      } catch {
        // A malformed event only costs the highlight; the refetch below still shows the alert.
      }
      refresh();
    });
    source.addEventListener('alert.updated', refresh);
    source.addEventListener('resync', refresh);
    source.addEventListener('error', () => setConnected(source.readyState === EventSource.OPEN));
    return () => {
      source.close();
      setConnected(false);
    };
  }, [enabled, queryClient]);

  return { connected, fresh };
}
