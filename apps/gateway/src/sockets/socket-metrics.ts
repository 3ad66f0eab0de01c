import { SocketEvents } from '@eloquent/contracts';
import { counter, gauge, histogram, LATENCY_BUCKETS } from '@eloquent/observability';

/*
 * Socket RED metrics. `event` is bounded to the client → server events of the contract
 * (anything else a client sends is `other`); `outcome` is `ok` or the error code.
 */

export const socketEvents = counter({
  name: 'eloquent_socket_events_total',
  help: 'Socket events received, by event and outcome (ok, or the error code of the ack / chat:error)',
  labelNames: ['event', 'outcome'],
});
export const socketEventSeconds = histogram({
  name: 'eloquent_socket_event_duration_seconds',
  help: 'Time from a socket event reaching its handler to its acknowledgement, by event and outcome',
  labelNames: ['event', 'outcome'],
  buckets: LATENCY_BUCKETS,
});
export const socketConnections = gauge({ name: 'eloquent_socket_connections', help: 'Sockets connected to this gateway replica' });
export const socketHandshakes = counter({
  name: 'eloquent_socket_handshakes_total',
  help: 'Socket handshakes, by outcome (ok, or the error code of the connect_error)',
  labelNames: ['outcome'],
});

/** The events a client may send (the edge refuses any other); the only values of the `event` label besides `other`. */
export const CLIENT_EVENTS: ReadonlySet<string> = new Set([SocketEvents.send, SocketEvents.stop, SocketEvents.resume, SocketEvents.feedback]);

export function eventLabel(name: unknown): string {
  return typeof name === 'string' && CLIENT_EVENTS.has(name) ? name : 'other';
}
