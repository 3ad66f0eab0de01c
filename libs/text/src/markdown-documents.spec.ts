import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMarkdownFolder, parseMarkdownDocument } from './markdown-documents';

describe('markdown documents', () => {
  it('reads front matter into title, url and metadata', () => {
    const doc = parseMarkdownDocument('a.md', '---\ntitle: Fees\nurl: https://x.example/fees\ncategory: fees\n---\n\nBody text.');
    expect(doc).toEqual({ externalId: 'a.md', title: 'Fees', url: 'https://x.example/fees', text: 'Body text.', metadata: { category: 'fees' } });
  });

  it('falls back to the first heading, then the file name', () => {
    expect(parseMarkdownDocument('b.md', '# Card limits\n\nText').title).toBe('Card limits');
    expect(parseMarkdownDocument('notes.txt', 'plain text').title).toBe('notes');
  });

  it('loads a folder, skipping README and non-text files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kb-'));
    await writeFile(join(dir, 'b.md'), '# B\nb');
    await writeFile(join(dir, 'a.md'), '# A\na');
    await writeFile(join(dir, 'README.md'), '# About');
    await writeFile(join(dir, 'image.png'), 'x');
    expect((await loadMarkdownFolder(dir)).map((d) => d.externalId)).toEqual(['a.md', 'b.md']);
  });
});
