import type { ServiceDatabaseOptions } from '@eloquent/runtime';
import type { ChatConfig } from '../config';
import { AdoptionEntity } from '../conversations/adoption.entity';
import { ChatEntity } from '../conversations/chat.entity';
import { MessageEntity } from '../conversations/message.entity';
import { ChatSchema1764072000000 } from './migrations/1764072000000-chat-schema';
import { ChatAdoptions1764400000000 } from './migrations/1764400000000-chat-adoptions';
import { AnswerReview1764600000000 } from './migrations/1764600000000-answer-review';
import { SuggestedArticles1764700000000 } from './migrations/1764700000000-suggested-articles';
import { SuggestionPicks1764800000000 } from './migrations/1764800000000-suggestion-picks';
import { PickedReview1764900000000 } from './migrations/1764900000000-picked-review';
import { SmallTalk1765000000000 } from './migrations/1765000000000-small-talk';
import { SaidUnhelpful1765100000000 } from './migrations/1765100000000-said-unhelpful';

export function chatDatabase(config: ChatConfig): ServiceDatabaseOptions {
  return {
    url: config.DATABASE_URL,
    schema: 'chat',
    entities: [ChatEntity, MessageEntity, AdoptionEntity],
    migrations: [
      ChatSchema1764072000000,
      ChatAdoptions1764400000000,
      AnswerReview1764600000000,
      SuggestedArticles1764700000000,
      SuggestionPicks1764800000000,
      PickedReview1764900000000,
      SmallTalk1765000000000,
      SaidUnhelpful1765100000000,
    ],
    poolSize: config.DATABASE_POOL_SIZE,
  };
}
