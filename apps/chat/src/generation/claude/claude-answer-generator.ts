import type Anthropic from '@anthropic-ai/sdk';
import type { AnswerGenerator, GenerationInput, GenerationStream, TokenUsage } from '../answer-generator';
import { buildUserPrompt, SYSTEM_PROMPT } from './prompt';

export interface ClaudeOptions {
  model: string;
  maxTokens: number;
  temperature: number;
}

/** Streams an answer from Claude (Messages API) through the official SDK. */
export class ClaudeAnswerGenerator implements AnswerGenerator {
  readonly mode = 'llm' as const;

  constructor(
    private readonly client: Anthropic,
    private readonly options: ClaudeOptions,
  ) {}

  generate(input: GenerationInput, signal: AbortSignal): GenerationStream {
    const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    const { client, options } = this;
    let finished = false;
    return {
      usage: () => (finished ? usage : undefined),
      async *[Symbol.asyncIterator]() {
        const stream = client.messages.stream(
          {
            model: options.model,
            max_tokens: options.maxTokens,
            temperature: options.temperature,
            system: SYSTEM_PROMPT,
            messages: [...input.history.map((turn) => ({ role: turn.role, content: turn.content })), { role: 'user', content: buildUserPrompt(input) }],
          },
          { signal },
        );
        for await (const event of stream) {
          if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield event.delta.text;
          else if (event.type === 'message_start') usage.inputTokens = event.message.usage.input_tokens;
          else if (event.type === 'message_delta') usage.outputTokens = event.usage.output_tokens;
        }
        finished = true;
      },
    };
  }
}
