import { z } from 'zod';

/** Travels with every bus message so logs join up and a callee can give up in time. */
export const RequestMetaSchema = z.strictObject({
  correlationId: z.string().min(1).max(128),
  /** The caller's identity: a Clerk user id or `anon:<id>`. */
  userId: z.string().min(1).max(256).optional(),
  /** Epoch ms after which the caller no longer waits for the reply. */
  deadlineMs: z.number().int().positive().optional(),
});
export type RequestMeta = z.infer<typeof RequestMetaSchema>;
