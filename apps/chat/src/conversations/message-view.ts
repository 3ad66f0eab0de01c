import type { ChatSummary, MessageView } from '@eloquent/contracts';
import type { ChatEntity } from './chat.entity';
import type { MessageEntity } from './message.entity';

export function toChatSummary(chat: ChatEntity): ChatSummary {
  return { id: chat.id, title: chat.title, createdAt: chat.createdAt.toISOString(), updatedAt: chat.updatedAt.toISOString() };
}

export function toMessageView(message: MessageEntity): MessageView {
  return {
    id: message.id,
    chatId: message.chatId,
    role: message.role,
    content: message.content,
    status: message.status,
    ...(message.mode ? { mode: message.mode } : {}),
    citations: message.citations,
    ...(message.usage ? { usage: message.usage } : {}),
    ...(message.errorCode ? { errorCode: message.errorCode } : {}),
    ...(message.abstained ? { abstained: true as const } : {}),
    ...(message.suggestedArticles?.length ? { suggestedArticles: message.suggestedArticles } : {}),
    ...(message.suggestionPicked ? { suggestionPicked: message.suggestionPicked } : {}),
    ...(message.saidUnhelpfulAt ? { saidUnhelpful: true as const } : {}),
    ...(message.smallTalk ? { smallTalk: message.smallTalk } : {}),
    ...(message.feedbackRating && message.feedbackAt
      ? {
          feedback: {
            rating: message.feedbackRating,
            ...(message.feedbackComment ? { comment: message.feedbackComment } : {}),
            at: message.feedbackAt.toISOString(),
          },
        }
      : {}),
    createdAt: message.createdAt.toISOString(),
  };
}
