import type { AssignmentDto, NextTaskDto } from '@yungang/core';
import type { AssignmentRow } from '../repositories/assignments.repository.js';
import type { ClaimedTask } from '../repositories/claim-context.repository.js';
import { taskDtoFrom } from './task-view.js';

export function toAssignmentDto(a: AssignmentRow): AssignmentDto {
  return { id: a.id, taskId: a.task_id, projectId: a.project_id, status: a.status as AssignmentDto['status'], expiresAt: a.expires_at.toISOString() };
}

/** The answer to "next": the lease and its task, where the annotator works blind (others' annotations, and on a gold task others' answers, stay hidden). */
export function nextTaskDto(userId: string, lease: AssignmentRow, claimed: ClaimedTask): NextTaskDto {
  const task = taskDtoFrom(claimed.task, claimed.annotations, claimed.predictions);
  const mine = task.annotations.find((a) => a.userId === userId) ?? null;
  return { assignment: toAssignmentDto(lease), task: { ...task, annotations: mine ? [mine] : [] }, annotation: mine, ...(task.predictions ? { predictions: task.predictions } : {}) };
}
