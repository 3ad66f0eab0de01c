/**
 * socket.io event names of the gateway's contract. The same names as `SocketEvents` in
 * `@eloquent/contracts` (a unit test holds them equal): copied, not imported, so the
 * browser bundle does not carry the contracts' zod schemas.
 */
export const Events = {
  send: 'chat:send',
  stop: 'chat:stop',
  resume: 'chat:resume',
  feedback: 'chat:feedback',
  token: 'chat:token',
  sources: 'chat:sources',
  done: 'chat:done',
  error: 'chat:error',
  chatUpdated: 'chat:updated',
  chatDeleted: 'chat:deleted',
} as const;
