import { NO_ANSWER_MARKER } from './prompt';

/**
 * Passes Claude's answer through, unless it starts with {@link NO_ANSWER_MARKER}: then the
 * rest is not read (returning closes the source, which aborts the request) and
 * `abstentionText` is the answer. Only the first pieces are held back, while they could
 * still be the start of the marker ("[[", "[[NO_"); any other start streams at once.
 */
export async function* screenNoAnswer(pieces: AsyncIterable<string>, abstentionText: string, onNoAnswer: () => void): AsyncGenerator<string> {
  const source = pieces[Symbol.asyncIterator]();
  let head = '';
  try {
    for (;;) {
      const { value, done } = await source.next();
      if (done) {
        if (head) yield head;
        return;
      }
      head += value;
      const start = head.trimStart();
      if (start.startsWith(NO_ANSWER_MARKER)) {
        onNoAnswer();
        yield abstentionText;
        return;
      }
      if (start === '' || NO_ANSWER_MARKER.startsWith(start)) continue;
      yield head;
      break;
    }
    for (;;) {
      const { value, done } = await source.next();
      if (done) return;
      yield value;
    }
  } finally {
    await source.return?.();
  }
}
