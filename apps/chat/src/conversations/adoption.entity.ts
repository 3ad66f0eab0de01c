import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An anonymous owner whose chats were moved to an account; its presence makes adoption happen once. */
@Entity({ name: 'adoptions' })
export class AdoptionEntity {
  @PrimaryColumn({ name: 'from_owner_id', type: 'text' })
  fromOwnerId: string;

  @Column({ name: 'to_owner_id', type: 'text' })
  toOwnerId: string;

  @Column({ type: 'integer' })
  moved: number;

  @CreateDateColumn({ name: 'adopted_at', type: 'timestamptz' })
  adoptedAt: Date;
}
