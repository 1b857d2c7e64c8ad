import { taskCluster } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { tasksToCluster, upsertTaskClusters } from '../repositories/task-clusters.repository.js';

/** At most this many tasks are clustered per claim; a large import is caught up over a few claims. */
const BATCH = 2000;

/**
 * Gives the project's new tasks (and random-clustered ones that now have predictions) their diversity
 * cluster (core task-cluster.ts), inside the claim's transaction. Once a project is caught up this is one
 * anti-join that finds nothing, so the claim itself never hashes text.
 */
export async function clusterNewTasks(tx: Tx, orgId: string, projectId: string): Promise<number> {
  const todo = await tasksToCluster(tx, projectId, BATCH);
  await upsertTaskClusters(
    tx,
    todo.map((t) => ({ taskId: t.id, orgId, projectId, ...taskCluster(t.data, t.labels ?? undefined, Math.random) })),
  );
  return todo.length;
}
