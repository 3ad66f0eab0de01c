import { MAX_FEEDBACK_COMMENT_CHARS } from '@eloquent/contracts';
import { MAX_COMMENT_CHARS } from './comment-form';

describe('comment form', () => {
  it("limits the box to the gateway's comment length", () => {
    expect(MAX_COMMENT_CHARS).toBe(MAX_FEEDBACK_COMMENT_CHARS);
  });
});
