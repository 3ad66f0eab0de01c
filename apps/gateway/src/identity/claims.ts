/**
 * Whether the claim at `path` (dotted, e.g. `metadata.role` for a session token template
 * `{ "metadata": "{{user.public_metadata}}" }`) equals `value` or, when it is a list,
 * contains it.
 */
export function hasRole(claims: Record<string, unknown>, path: string, value: string): boolean {
  let current: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return false;
    current = (current as Record<string, unknown>)[part];
  }
  return Array.isArray(current) ? current.includes(value) : current === value;
}
