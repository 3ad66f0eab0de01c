import type { SearchHit } from '@eloquent/contracts';

let next = 0;

/**
 * A retrieval hit for unit tests of chat's algorithms: its article and the fields the test is
 * about; a fresh chunk id and empty text, headings and scores otherwise.
 */
export function searchHit(documentId: string, fields: Partial<Omit<SearchHit, 'documentId'>> = {}): SearchHit {
  next++;
  return {
    chunkId: `chunk-${next}`,
    documentId,
    externalId: `${documentId}.md`,
    title: documentId,
    headingPath: [],
    text: '',
    score: 1,
    scores: {},
    ...fields,
  };
}
