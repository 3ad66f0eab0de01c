/** The token of an `Authorization: Bearer <token>` header; undefined for no header or another scheme. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value === undefined ? null : /^Bearer(?:\s+(.*))?$/i.exec(value.trim());
  return match ? (match[1] ?? '').trim() : undefined;
}
