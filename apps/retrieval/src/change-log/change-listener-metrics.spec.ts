import { changeNotificationsState, changeNotificationsUp } from './change-listener-metrics';

describe('change notifications state', () => {
  it('is off with INDEX_NOTIFY=off whatever the connection, else listening or reconnecting', () => {
    expect([changeNotificationsState('off', false), changeNotificationsState('off', true)]).toEqual(['off', 'off']);
    expect([changeNotificationsState('on', true), changeNotificationsState('on', false)]).toEqual(['listening', 'reconnecting']);
  });

  it('maps to the gauge: 1 listening, 0 reconnecting, no series when off (so the alert cannot fire)', () => {
    expect([changeNotificationsUp('listening'), changeNotificationsUp('reconnecting'), changeNotificationsUp('off')]).toEqual([1, 0, undefined]);
  });
});
