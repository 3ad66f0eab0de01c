import { hasRole } from './claims';

describe('hasRole', () => {
  it('reads a nested claim by its dotted path', () => {
    expect(hasRole({ metadata: { role: 'admin' } }, 'metadata.role', 'admin')).toBe(true);
    expect(hasRole({ metadata: { role: 'member' } }, 'metadata.role', 'admin')).toBe(false);
    expect(hasRole({ org_role: 'org:admin' }, 'org_role', 'org:admin')).toBe(true);
  });

  it('accepts a list that contains the value', () => {
    expect(hasRole({ roles: ['reader', 'admin'] }, 'roles', 'admin')).toBe(true);
    expect(hasRole({ roles: ['reader'] }, 'roles', 'admin')).toBe(false);
  });

  it('is false when the path is missing or crosses a non-object', () => {
    expect(hasRole({}, 'metadata.role', 'admin')).toBe(false);
    expect(hasRole({ metadata: 'admin' }, 'metadata.role', 'admin')).toBe(false);
    expect(hasRole({ metadata: ['admin'] }, 'metadata.0', 'admin')).toBe(false);
    expect(hasRole({ metadata: { role: { admin: true } } }, 'metadata.role', 'admin')).toBe(false);
  });
});
