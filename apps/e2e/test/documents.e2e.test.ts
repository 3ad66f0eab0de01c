import type { IngestJobView, ListDocumentsResponse, SearchResponse } from '@eloquent/contracts';
import { startTestStack, waitFor, type TestStack } from '@eloquent/testing';

const ADMIN_KEY = 'e2e-documents-admin-key-0123456789';

/**
 * The knowledge-base admin API on real processes: documents go in through the gateway
 * (JSON or a multipart upload of markdown and HTML files), through the retrieval service's
 * BullMQ queue, and come out in search; a delete takes them out again.
 */
describe('documents API (admin)', () => {
  let env: TestStack;

  beforeAll(async () => {
    env = await startTestStack('docs', { ADMIN_API_KEY: ADMIN_KEY });
  }, 120_000);

  afterAll(async () => {
    await env?.stop();
  });

  const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = { 'x-admin-key': ADMIN_KEY }) => {
    const isForm = body instanceof FormData;
    const response = await fetch(`${env.gatewayUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const finished = (jobId: string) =>
    waitFor(
      `job ${jobId}`,
      async () => {
        const { body } = await request<IngestJobView>('GET', `/v1/ingest-jobs/${jobId}`);
        return body.state === 'completed' || body.state === 'failed' ? body : undefined;
      },
      20_000,
      100,
    );
  const search = (query: string, namespace: string) => request<SearchResponse>('POST', '/v1/search', { query, namespace, topK: 5 });

  it('queues JSON documents, answering 202 with a job id, and follows the job', async () => {
    const accepted = await request<{ jobId: string }>('POST', '/v1/documents', {
      namespace: 'e2e-json',
      documents: [
        { externalId: 'lost-card', title: 'Lost card', text: 'Report a lost card in the app under Cards, then Report lost.' },
        { externalId: 'pin', title: 'PIN', text: 'You can view your PIN in the app.' },
      ],
    });
    expect(accepted).toEqual({ status: 202, body: { jobId: expect.any(String) } });
    const job = await finished(accepted.body.jobId);
    expect(job).toEqual(expect.objectContaining({ state: 'completed', total: 2, processed: 2, counts: { created: 2, updated: 0, unchanged: 0, failed: 0 } }));
    await waitFor('the documents in search', async () => (await search('report lost card', 'e2e-json')).body.chunks[0]?.externalId === 'lost-card');
  });

  it('takes a multipart upload of markdown and HTML files', async () => {
    const form = new FormData();
    form.append('namespace', 'e2e-upload');
    form.append('files', new Blob(['---\ntitle: Travel notice\n---\nTell us before you travel abroad.'], { type: 'text/markdown' }), 'travel.md');
    form.append(
      'files',
      new Blob(
        ['<html><head><title>Contactless limits</title></head><body><h2>Limits</h2><p>Contactless payments are capped at &pound;100.</p></body></html>'],
        {
          type: 'text/html',
        },
      ),
      'contactless.html',
    );
    const accepted = await request<{ jobId: string }>('POST', '/v1/documents', form);
    expect(accepted.status).toBe(202);
    expect((await finished(accepted.body.jobId)).counts.created).toBe(2);

    const listed = await request<ListDocumentsResponse>('GET', '/v1/documents?namespace=e2e-upload&limit=1');
    expect(listed.body.documents).toEqual([expect.objectContaining({ externalId: 'contactless.html', title: 'Contactless limits', chunks: 1 })]);
    expect(listed.body.nextCursor).toBe('contactless.html');
    await waitFor('the upload in search', async () => {
      const hit = (await search('contactless capped', 'e2e-upload')).body.chunks[0];
      return hit?.externalId === 'contactless.html' && hit.headingPath.join('/') === 'Limits' && hit.text === 'Contactless payments are capped at £100.';
    });
  });

  it('deletes a document: search stops returning it within a second', async () => {
    expect((await search('view your PIN', 'e2e-json')).body.chunks.map((c) => c.externalId)).toContain('pin');
    const deleted = await request('DELETE', '/v1/documents/e2e-json/pin');
    expect(deleted).toEqual({ status: 200, body: { deleted: true } });
    await waitFor('the delete in search', async () => !(await search('view your PIN', 'e2e-json')).body.chunks.some((c) => c.externalId === 'pin'), 1_000, 50);
    expect(await request('DELETE', '/v1/documents/e2e-json/pin')).toEqual({ status: 404, body: { error: expect.objectContaining({ code: 'NOT_FOUND' }) } });
  });

  it('refuses callers without the admin key and bad requests, with stable codes', async () => {
    expect((await request('GET', '/v1/documents', undefined, {})).body).toEqual({ error: expect.objectContaining({ code: 'UNAUTHORIZED' }) });
    expect((await request('POST', '/v1/documents', { documents: [] })).body).toEqual({ error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) });
    const form = new FormData();
    form.append('files', new Blob(['binary'], { type: 'image/png' }), 'logo.png');
    expect(await request('POST', '/v1/documents', form)).toEqual({ status: 400, body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) } });
    expect((await request('GET', '/v1/ingest-jobs/no-such-job')).status).toBe(404);
    expect((await request('GET', '/v1/documents?limit=500')).body).toEqual({ error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) });
  });
});
