import { encodeReply, SerializedResponse } from './wire';

describe('encodeReply', () => {
  it('splices a serialized response in unchanged, and serialises anything else', () => {
    const json = JSON.stringify({ chunks: [{ text: 'a "quoted" text' }] });
    const spliced = encodeReply({ id: 'r"1', response: new SerializedResponse(json) });
    expect(JSON.parse(spliced)).toEqual({ id: 'r"1', response: JSON.parse(json) });
    expect(JSON.parse(encodeReply({ id: 'r2', response: { ok: true } }))).toEqual({ id: 'r2', response: { ok: true } });
    const error = { id: 'r3', error: { code: 'VALIDATION_FAILED' as const, message: 'bad', correlationId: 'c' } };
    expect(JSON.parse(encodeReply(error))).toEqual(error);
  });
});
