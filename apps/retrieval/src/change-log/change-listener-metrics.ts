import { counter, scrapedGauge } from '@eloquent/observability';

/**
 * What `/health/ready` (the `index` check's `changeNotifications`) says of a replica's
 * listening connection: `listening`; `reconnecting` (INDEX_NOTIFY=on but not listening now —
 * before the first connection too — so changes reach this replica by the fallback poll, up to
 * INDEX_FALLBACK_POLL_MS late); `off` (INDEX_NOTIFY=off: it polls every INDEX_POLL_MS by design).
 * docs/retrieval.md, "Waking the followers".
 */
export type ChangeNotificationsState = 'listening' | 'reconnecting' | 'off';

export function changeNotificationsState(notify: 'on' | 'off', listening: boolean): ChangeNotificationsState {
  if (notify === 'off') return 'off';
  return listening ? 'listening' : 'reconnecting';
}

/**
 * The gauge's value for a state: 1 listening, 0 reconnecting, and no series at all when
 * notifications are off on purpose, so `EloquentChangeNotificationsDown` (`== 0`) cannot fire
 * for such a replica (docs/observability.md).
 */
export function changeNotificationsUp(state: ChangeNotificationsState): 0 | 1 | undefined {
  if (state === 'off') return undefined;
  return state === 'listening' ? 1 : 0;
}

const up = scrapedGauge({
  name: 'eloquent_retrieval_change_notifications_up',
  help: "1 while this replica's change-log listener is LISTENing, 0 while it reconnects (changes then arrive by the fallback poll); absent with INDEX_NOTIFY=off",
  labelNames: [],
});

/** Times this replica's listener was listening again after losing its connection. */
export const changeNotificationReconnects = counter({
  name: 'eloquent_retrieval_change_notifications_reconnects_total',
  help: "Times this replica's change-log listener was listening again after losing its connection",
});

/** Reports `state()` on every scrape; returns the function that stops it. */
export function watchChangeNotifications(state: () => ChangeNotificationsState): () => void {
  return up.add((metric) => {
    const value = changeNotificationsUp(state());
    if (value !== undefined) metric.set(value);
  });
}
