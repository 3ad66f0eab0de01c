import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStaticAssets, PAGE_DIR, PAGE_FILES } from './static-assets';

describe('loadStaticAssets', () => {
  it('finds the demo page beside the code (the build copies it there too)', () => {
    const page = loadStaticAssets(PAGE_DIR, PAGE_FILES);
    expect([...page.keys()].sort()).toEqual(['app.css', 'index.html']);
    expect(page.get('index.html')?.contentType).toBe('text/html; charset=utf-8');
    expect(page.get('index.html')?.body.toString()).toContain('<link rel="stylesheet" href="/demo/app.css" />');
  });

  it('reads the listed files that exist, with their content types, and skips the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'static-assets-'));
    try {
      writeFileSync(join(dir, 'a.css'), 'body {}');
      writeFileSync(join(dir, 'unlisted.js'), 'alert(1)');
      const assets = loadStaticAssets(dir, { 'a.css': 'text/css; charset=utf-8', 'missing.js': 'text/javascript' });
      expect([...assets.keys()]).toEqual(['a.css']);
      expect(assets.get('a.css')).toEqual({ body: Buffer.from('body {}'), contentType: 'text/css; charset=utf-8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
