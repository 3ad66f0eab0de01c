import { AppError } from '@eloquent/contracts';

/**
 * Whether `chat.send` was refused only because chat does not know its `relay` field: a chat
 * replica of a release before the answer's writer woke the gateway relay (docs/performance.md
 * §5, cut 22), still serving during a rolling upgrade or after a rollback of chat alone
 * (docs/deployment.md, "Upgrades"). Its strict request schema names the key it does not know;
 * nothing was stored, so the gateway asks again without it.
 */
export function refusedRelayField(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') return false;
  const issues = (error.details as { issues?: Array<{ message?: unknown }> } | undefined)?.issues ?? [];
  return issues.length > 0 && issues.every((issue) => typeof issue.message === 'string' && issue.message.includes('"relay"'));
}
