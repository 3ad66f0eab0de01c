import { asciiJson, encodeReply, SerializedResponse } from './wire';

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

describe('asciiJson', () => {
  it('escapes every character above ASCII, and the value reads back the same', () => {
    const value = { text: 'Help → My disputes: 2–3 days, €0.50 fee, naïve “quotes”, 😀, a lone \ud800', plain: 'abc', n: 1.5 };
    const ascii = asciiJson(JSON.stringify(value));
    expect(ascii).toMatch(/^[\x00-\x7f]*$/);
    expect(ascii).toContain('Help \\u2192 My disputes');
    expect(JSON.parse(ascii)).toEqual(value);
  });

  it('leaves ASCII text as it is', () => {
    const json = JSON.stringify({ chunks: [{ text: 'a "quoted" text\nwith a \\ backslash' }] });
    expect(asciiJson(json)).toBe(json);
  });

  it('splices into a reply that parses to the original value', () => {
    const value = { chunks: [{ text: 'Tap Help → My disputes' }] };
    expect(JSON.parse(encodeReply({ id: 'r1', response: new SerializedResponse(asciiJson(JSON.stringify(value))) }))).toEqual({ id: 'r1', response: value });
  });
});
