import type { AnnotationDto, PredictionDto, TaskDto, TaskStatus } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { notFound } from '../http/app-error.js';
import { annotationsOfTasks, type AnnotationRow } from '../repositories/annotations.repository.js';
import { findTask, type TaskRow } from '../repositories/tasks.repository.js';
import { predictionsOfTask } from '../repositories/predictions.repository.js';

/** A task with all its annotations (latest version each), as the API shows it. */
export async function loadTaskDto(tx: Tx, taskId: string): Promise<TaskDto> {
  const task = await findTask(tx, taskId);
  if (!task) throw notFound('task', { taskId });
  return taskDtoOf(tx, task);
}

/** `loadTaskDto` for a task row already read (a claim reads it with its audit row in one statement). */
export async function taskDtoOf(tx: Tx, task: TaskRow): Promise<TaskDto> {
  return taskDtoFrom(task, await annotationsOfTasks(tx, [task.id]), await predictionsOfTask(tx, task.id));
}

/** A task's DTO from its row, its annotations (latest version each, oldest first) and its predictions. */
export function taskDtoFrom(task: TaskRow, annotations: AnnotationRow[], predictions: PredictionDto[]): TaskDto {
  return {
    id: task.id,
    projectId: task.project_id,
    data: task.data,
    status: taskStatus(task.completed, annotations.length),
    createdAt: task.created_at.toISOString(),
    annotations: annotations.map(toAnnotationDto),
    // Only present when a model's predictions were imported (docs/formats.md), so other answers stay as they were.
    ...(predictions.length > 0 ? { predictions } : {}),
  };
}

export function taskStatus(completed: boolean, liveWork: number): TaskStatus {
  if (completed) return 'completed';
  return liveWork > 0 ? 'in_progress' : 'open';
}

export function toAnnotationDto(a: AnnotationRow): AnnotationDto {
  return {
    id: a.id,
    taskId: a.task_id,
    userId: a.user_id,
    userEmail: a.email,
    version: a.version,
    result: a.result as AnnotationDto['result'],
    leadTimeMs: a.lead_time_ms,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
    reviewStatus: a.review_status as NonNullable<AnnotationDto['reviewStatus']>,
  };
}
