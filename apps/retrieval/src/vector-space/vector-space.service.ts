import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { lockChangeLog } from '../change-log/change-log';

/** An embedding model's vector space. */
export interface Space {
  model: string;
  dims: number;
}

/** The space searches use, and the one a re-embedding job is building beside it. */
export interface VectorSpaceState {
  active?: Space;
  target?: Space;
}

/** Thrown inside a write when the spaces changed after its vectors were computed; the write is redone. */
export class VectorSpaceChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VectorSpaceChangedError';
  }
}

/** The `vector_space` row's columns, as read by {@link VectorSpaceService.read} (and the index follower's poll). */
export interface VectorSpaceRow {
  active_model: string | null;
  active_dims: number | null;
  target_model: string | null;
  target_dims: number | null;
}

/**
 * The `vector_space` row: which embedding model the index is bound to (docs/architecture.md §5: one
 * model per index) and which one is being built. Every change to it happens under the
 * change-log lock, the same lock every document write ends with, so a write can check
 * that it carries vectors for exactly the spaces in force when it commits.
 */
@Injectable()
export class VectorSpaceService {
  constructor(private readonly dataSource: DataSource) {}

  async read(manager: EntityManager = this.dataSource.manager): Promise<VectorSpaceState> {
    const [row]: VectorSpaceRow[] = await manager.query(`SELECT active_model, active_dims, target_model, target_dims FROM retrieval.vector_space WHERE id = 1`);
    return toState(row);
  }

  /**
   * Inside a document write, after its rows are written: takes the change-log lock, binds a
   * fresh index to the first space written, and checks the write has vectors for the active
   * and target spaces (`written` is null for a write without chunks). Throws
   * VectorSpaceChangedError otherwise.
   */
  async lockForWrite(tx: EntityManager, written: Space[] | null): Promise<void> {
    await lockChangeLog(tx);
    if (written === null) return;
    const state = await this.read(tx);
    if (!state.active) {
      if (written.length === 0) return;
      await tx.query(`UPDATE retrieval.vector_space SET active_model = $1, active_dims = $2, updated_at = now() WHERE id = 1`, [
        written[0].model,
        written[0].dims,
      ]);
      return;
    }
    for (const needed of [state.active, state.target]) {
      if (needed && !written.some((s) => s.model === needed.model)) {
        throw new VectorSpaceChangedError(`the index now needs vectors of ${needed.model}`);
      }
    }
  }

  /** Starts building `space` beside the active one (no-op if it is already active or being built). */
  async setTarget(space: Space | undefined): Promise<VectorSpaceState> {
    return this.dataSource.transaction(async (tx) => {
      await lockChangeLog(tx);
      const state = await this.read(tx);
      if (space && (state.active?.model === space.model || state.target?.model === space.model)) return state;
      await tx.query(`UPDATE retrieval.vector_space SET target_model = $1, target_dims = $2, updated_at = now() WHERE id = 1`, [
        space?.model ?? null,
        space?.dims ?? null,
      ]);
      if (state.target) await tx.query(`DELETE FROM retrieval.chunk_vectors WHERE model = $1`, [state.target.model]);
      return { ...state, target: space };
    });
  }

  /**
   * Makes the target space active once every chunk has a vector in it; returns false (and
   * changes nothing) if one is missing or the target changed. Old vectors are dropped.
   */
  async switchToTarget(model: string): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      await lockChangeLog(tx);
      const state = await this.read(tx);
      if (state.target?.model !== model) return false;
      const [{ missing }] = await tx.query(
        `SELECT count(*)::int AS missing FROM retrieval.chunks c
         WHERE NOT EXISTS (SELECT 1 FROM retrieval.chunk_vectors v WHERE v.model = $1 AND v.chunk_id = c.id)`,
        [model],
      );
      if (missing > 0) return false;
      await tx.query(
        `UPDATE retrieval.vector_space SET active_model = target_model, active_dims = target_dims, target_model = NULL, target_dims = NULL, updated_at = now() WHERE id = 1`,
      );
      await tx.query(`DELETE FROM retrieval.chunk_vectors WHERE model <> $1`, [model]);
      return true;
    });
  }
}

export function toState(row: VectorSpaceRow | undefined): VectorSpaceState {
  return {
    ...(row?.active_model ? { active: { model: row.active_model, dims: row.active_dims ?? 0 } } : {}),
    ...(row?.target_model ? { target: { model: row.target_model, dims: row.target_dims ?? 0 } } : {}),
  };
}
