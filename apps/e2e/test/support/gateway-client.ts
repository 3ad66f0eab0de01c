import { io, type Socket } from 'socket.io-client';

export interface Caller {
  /** Clerk session token, sent as `Authorization: Bearer` (HTTP) or `auth.token` (socket). */
  token?: string;
  /** `name=value` cookie header (the anonymous session). */
  cookie?: string;
  /** Extra request headers (X-Forwarded-For, Origin, x-admin-key…). */
  headers?: Record<string, string>;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One HTTP call to the gateway as `caller`. */
export async function call<T = unknown>(base: string, method: string, path: string, caller: Caller = {}, body?: unknown): Promise<ApiResponse<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(caller.token !== undefined ? { authorization: `Bearer ${caller.token}` } : {}),
      ...(caller.cookie ? { cookie: caller.cookie } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...caller.headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a page)
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** A fresh anonymous session: the `name=value` of the cookie the gateway sets on a first request. */
export async function anonymousCookie(base: string, caller: Caller = {}): Promise<string> {
  const response = await fetch(`${base}/health`, { headers: caller.headers });
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A websocket-only socket.io client as `caller`; rejects with the `connect_error` when the handshake is refused. */
export function connectAs(base: string, caller: Caller = {}): Promise<Socket> {
  const socket = io(base, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(caller.token !== undefined ? { auth: { token: caller.token } } : {}),
    extraHeaders: { ...(caller.cookie ? { cookie: caller.cookie } : {}), ...caller.headers },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Emits with an acknowledgement (10 s). */
export function emitAck<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}

/** The next `event` on the socket. */
export function next<T = unknown>(socket: Socket, event: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
