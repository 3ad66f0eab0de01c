/**
 * `true` when A and B are the same type, `false` otherwise: the compile-time check that a zod
 * schema describes exactly the interface it documents (socket-event-schemas.ts, the gateway's
 * OpenAPI views). Mutual assignability is not enough: it accepts a schema that lacks an
 * optional field of the interface. This compares how each type is seen by a generic
 * conditional type, which tells such a difference apart, nested fields included.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
