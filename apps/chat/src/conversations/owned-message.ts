import { AppError } from '@eloquent/contracts';
import type { DataSource } from 'typeorm';
import { ChatEntity } from './chat.entity';
import { MessageEntity } from './message.entity';

/** One of the user's messages; MESSAGE_NOT_FOUND for someone else's (never says it exists). */
export async function findOwnedMessage(dataSource: DataSource, userId: string, messageId: string): Promise<MessageEntity> {
  const message = await dataSource
    .getRepository(MessageEntity)
    .createQueryBuilder('message')
    .innerJoin(ChatEntity, 'chat', 'chat.id = message.chat_id')
    .where('message.id = :messageId AND chat.owner_id = :userId', { messageId, userId })
    .getOne();
  if (!message) throw new AppError('MESSAGE_NOT_FOUND', 'Message not found');
  return message;
}
