import { AppError } from '@eloquent/contracts';
import { uploadedDocuments } from './uploaded-documents';

const file = (originalname: string, content: string, mimetype = 'application/octet-stream') => ({ originalname, mimetype, buffer: Buffer.from(content) });

describe('uploadedDocuments', () => {
  it('turns markdown, text and HTML files into documents keyed by file name', () => {
    const request = uploadedDocuments(
      [
        file('fees.md', '---\ntitle: Fees\nurl: https://help.example/fees\ncategory: cards\n---\nNo monthly fee.'),
        file('notes.txt', 'Plain notes.'),
        file('freeze.html', '<html><head><title>Freeze a card</title></head><body><h2>In the app</h2><p>Tap freeze.</p></body></html>'),
        file('page', '<h1>Typed</h1><p>By content type.</p>', 'text/html; charset=utf-8'),
      ],
      { namespace: 'cards' },
    );
    expect(request).toEqual({
      namespace: 'cards',
      documents: [
        { externalId: 'fees.md', title: 'Fees', url: 'https://help.example/fees', text: 'No monthly fee.', metadata: { category: 'cards' } },
        { externalId: 'notes.txt', title: 'notes', text: 'Plain notes.', metadata: {} },
        { externalId: 'freeze.html', title: 'Freeze a card', text: '## In the app\n\nTap freeze.', metadata: {} },
        { externalId: 'page', title: 'Typed', text: '# Typed\n\nBy content type.', metadata: {} },
      ],
    });
  });

  it('defaults the namespace and refuses other file types and form fields', () => {
    expect(uploadedDocuments([file('a.md', 'A')], {}).namespace).toBe('default');
    expect(() => uploadedDocuments([file('photo.png', 'x', 'image/png')], {})).toThrow(AppError);
    expect(() => uploadedDocuments([file('a.md', 'A')], { admin: 'yes' })).toThrow(/unknown form field/);
  });
});
