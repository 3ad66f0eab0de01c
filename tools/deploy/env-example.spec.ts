import { allSettings, envExample, SERVICES } from './deploy-files';

describe('.env.example', () => {
  const settings = allSettings();
  const entries = envExample();

  it.each(SERVICES)('lists exactly the settings %s reads, once each', (service) => {
    const listed = entries.filter((e) => e.services.includes(service)).map((e) => e.key);
    const duplicates = listed.filter((key, i) => listed.indexOf(key) !== i);
    expect(duplicates).toEqual([]);
    const missing = [...settings.get(service)!.keys()].filter((key) => !listed.includes(key));
    const unknown = listed.filter((key) => !settings.get(service)!.has(key));
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
  });

  it('shows each built-in default exactly as the config declares it', () => {
    const wrong = entries
      .filter((e) => !e.active)
      .flatMap((e) =>
        e.services.flatMap((service) => {
          const setting = settings.get(service)!.get(e.key);
          const expected = setting?.default ?? '';
          return setting?.resolved && e.value !== expected ? [`${e.key} (${service}): .env.example says '${e.value}', config.ts '${expected}'`] : [];
        }),
      );
    expect(wrong).toEqual([]);
  });

  it('leaves the lines to fill in empty, so that copying it changes no default', () => {
    expect(entries.filter((e) => e.active && e.value !== '').map((e) => e.key)).toEqual([]);
  });

  it('documents every variable with a comment line above it', () => {
    expect(entries.filter((e) => !e.comment?.trim()).map((e) => `${e.key} (line ${e.line})`)).toEqual([]);
  });

  it('puts every variable under a service section', () => {
    expect(entries.filter((e) => e.services.length === 0).map((e) => e.key)).toEqual([]);
  });
});
